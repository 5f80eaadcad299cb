// The webhook HMAC key (the app's client secret): from the encrypted credentials file when it holds one
// (`clv credentials set shopify --api-secret …`), else SHOPIFY_API_SECRET. Registered for redaction and
// never logged; callers report only where it came from.
import { existsSync } from 'node:fs';
import { IngestCallerError, registerSecret } from '../client/errors.js';
import { defaultCredentialsPath, readCredentialsFile, type ShopifyCredentials } from '../credentials/store.js';

export interface SecretSources {
  env?: NodeJS.ProcessEnv;
  credentialsFile?: string;
  /** Passphrase provider when CLV_CREDENTIALS_KEY is unset (a prompt on a TTY). */
  passphrase?: () => Promise<string>;
}

export async function resolveWebhookSecret(sources: SecretSources = {}): Promise<{ secret: string; from: string }> {
  const env = sources.env ?? process.env;
  const file = sources.credentialsFile ?? env['CLV_CREDENTIALS_FILE'] ?? defaultCredentialsPath();
  const fromEnv = env['SHOPIFY_API_SECRET'];
  const key = env['CLV_CREDENTIALS_KEY'] ?? (existsSync(file) && !fromEnv && sources.passphrase ? await sources.passphrase() : undefined);
  if (key && existsSync(file)) {
    registerSecret(key);
    const stored = ((await readCredentialsFile(file, key))?.['shopify'] ?? {}) as Partial<ShopifyCredentials>;
    if (stored.apiSecret) {
      registerSecret(stored.apiSecret);
      return { secret: stored.apiSecret, from: file };
    }
  }
  if (fromEnv) {
    registerSecret(fromEnv);
    return { secret: fromEnv, from: 'SHOPIFY_API_SECRET' };
  }
  throw new IngestCallerError('no webhook secret: every Shopify webhook is signed with the app\'s client secret', {
    hint: 'Run `clv credentials set shopify --api-secret <client secret>` (with CLV_CREDENTIALS_KEY set), or export SHOPIFY_API_SECRET.',
  });
}
