// Where the shop and token come from, in order: flags, then the encrypted file (when it exists), then the
// SHOPIFY_SHOP / SHOPIFY_ACCESS_TOKEN environment variables.
import { IngestCallerError } from '../client/errors.js';
import { defaultCredentialsPath, readCredentialsFile, type ShopifyCredentials } from './store.js';

export interface CredentialSources {
  shop?: string;
  token?: string;
  credentialsFile?: string;
  env?: NodeJS.ProcessEnv;
  /** Passphrase provider when CLV_CREDENTIALS_KEY is unset (prompt on a TTY). */
  passphrase?: () => Promise<string>;
}

export async function resolveShopifyCredentials(sources: CredentialSources): Promise<ShopifyCredentials & { from: string }> {
  const env = sources.env ?? process.env;
  let fromFile: Partial<ShopifyCredentials> = {};
  const file = sources.credentialsFile ?? env['CLV_CREDENTIALS_FILE'] ?? defaultCredentialsPath();
  const explicitFile = Boolean(sources.credentialsFile || env['CLV_CREDENTIALS_FILE']);
  const needFile = !(sources.shop && sources.token);
  if (needFile) {
    const key = env['CLV_CREDENTIALS_KEY'];
    const { existsSync } = await import('node:fs');
    if (existsSync(file)) {
      const secret = key ?? (sources.passphrase ? await sources.passphrase() : undefined);
      if (!secret) {
        throw new IngestCallerError(`${file} is encrypted and no key is available`, {
          hint: 'Set CLV_CREDENTIALS_KEY (stdin is not a terminal, so no passphrase prompt).',
        });
      }
      fromFile = ((await readCredentialsFile(file, secret))?.['shopify'] ?? {}) as Partial<ShopifyCredentials>;
    } else if (explicitFile) {
      throw new IngestCallerError(`credentials file ${file} does not exist`, { hint: 'Create it with `clv credentials set shopify`.' });
    }
  }
  const shop = sources.shop ?? fromFile.shop ?? env['SHOPIFY_SHOP'];
  const accessToken = sources.token ?? fromFile.accessToken ?? env['SHOPIFY_ACCESS_TOKEN'];
  if (!shop || !accessToken) {
    const missing = [!shop && 'the shop (--shop or SHOPIFY_SHOP)', !accessToken && 'the access token (--token or SHOPIFY_ACCESS_TOKEN)'].filter(Boolean);
    throw new IngestCallerError(`missing ${missing.join(' and ')}`, {
      hint: 'Use `clv credentials set shopify`, or export SHOPIFY_SHOP=your-store.myshopify.com and SHOPIFY_ACCESS_TOKEN=shpat_...',
    });
  }
  const from = sources.shop && sources.token ? 'flags' : fromFile.accessToken ? file : 'environment';
  return { shop: normalizeShop(shop), accessToken, from };
}

/** Accept `https://x.myshopify.com/` or `x.myshopify.com`; the client wants a bare host. */
export function normalizeShop(shop: string): string {
  return shop.trim().replace(/^https?:\/\//, '').replace(/\/+$/, '');
}
