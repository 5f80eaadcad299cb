// `clv credentials set shopify`: store the shop and token encrypted (AES-256-GCM, scrypt-derived key). The
// token is read from SHOPIFY_ACCESS_TOKEN, --token or a hidden prompt, and never echoed back.
import type { Argv, CommandModule } from 'yargs';
import { loggerOf, setExitCode } from '../../runner/cli/context.js';
import { IngestCallerError, IngestError, messageOf, redact, registerSecret } from '../client/errors.js';
import { promptSecret } from '../credentials/prompt.js';
import { normalizeShop } from '../credentials/resolve.js';
import { defaultCredentialsPath, writeShopifyCredentials } from '../credentials/store.js';

export interface CredentialsArgs {
  action: string;
  provider: string;
  shop?: string;
  token?: string;
  /** The app's client secret (webhook HMAC key for `clv listen`); optional. */
  apiSecret?: string;
  credentialsFile?: string;
}

export async function setShopifyCredentials(args: CredentialsArgs, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const shop = args.shop ?? env['SHOPIFY_SHOP'];
  if (!shop) throw new IngestCallerError('no shop given', { hint: 'Pass --shop your-store.myshopify.com (or set SHOPIFY_SHOP).' });
  const token = args.token ?? env['SHOPIFY_ACCESS_TOKEN'] ?? (await promptSecret('Shopify Admin API access token: '));
  registerSecret(token);
  if (!token) throw new IngestCallerError('empty access token');
  const key = env['CLV_CREDENTIALS_KEY'] ?? (await promptSecret('Passphrase to encrypt the credentials: '));
  registerSecret(key);
  if (key.length < 8) throw new IngestCallerError('the key or passphrase must have at least 8 characters');
  const apiSecret = args.apiSecret ?? env['SHOPIFY_API_SECRET'];
  if (apiSecret) registerSecret(apiSecret);
  const file = args.credentialsFile ?? defaultCredentialsPath();
  await writeShopifyCredentials(file, key, { shop: normalizeShop(shop), accessToken: token, ...(apiSecret ? { apiSecret } : {}) });
  return file;
}

export const credentialsCommand: CommandModule<object, CredentialsArgs> = {
  command: 'credentials <action> <provider>',
  describe: 'Store warehouse-source credentials encrypted on disk (provider: shopify)',
  builder: (y: Argv<object>) =>
    y
      .positional('action', { type: 'string', choices: ['set'], demandOption: true })
      .positional('provider', { type: 'string', choices: ['shopify'], demandOption: true })
      .option('shop', { type: 'string', describe: 'Store domain (x.myshopify.com)' })
      .option('token', { type: 'string', describe: 'Access token (default: SHOPIFY_ACCESS_TOKEN, else a hidden prompt)' })
      .option('api-secret', { type: 'string', describe: "The app's client secret, which signs webhooks (default: SHOPIFY_API_SECRET; optional)" })
      .option('credentials-file', { type: 'string', describe: 'Where to write (default ~/.clv/credentials.enc)' }) as unknown as Argv<CredentialsArgs>,
  handler: async (argv) => {
    const logger = loggerOf(argv);
    try {
      const file = await setShopifyCredentials(argv);
      logger.info(`Saved encrypted Shopify credentials to ${file}. clv ingest reads them when CLV_CREDENTIALS_KEY is set (or prompts).`);
    } catch (error) {
      logger.error(error instanceof IngestError ? redact(error.format()) : messageOf(error));
      setExitCode(argv, error instanceof IngestError ? error.exitCode : 1);
    }
  },
};
