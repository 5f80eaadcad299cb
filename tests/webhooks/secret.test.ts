// Where `clv listen` gets the HMAC key: the encrypted credentials file (api secret stored by
// `clv credentials set shopify`), else SHOPIFY_API_SECRET; a clear error without either, no secret in it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { setShopifyCredentials } from '../../ingest/cli/credentials.js';
import { resolveWebhookSecret } from '../../ingest/webhooks/secret.js';
import { tempDir } from './helpers.js';

const KEY = 'correct horse battery';

describe('webhook secret resolution', () => {
  it('reads the api secret stored encrypted by clv credentials set shopify, before the environment', async () => {
    const file = path.join(tempDir(), 'credentials.enc');
    await setShopifyCredentials({ action: 'set', provider: 'shopify', shop: 's.myshopify.com', token: 'shpat_x1', apiSecret: 'file-secret-123', credentialsFile: file }, { CLV_CREDENTIALS_KEY: KEY });
    expect(existsSync(file)).toBe(true);
    const env = { CLV_CREDENTIALS_KEY: KEY, CLV_CREDENTIALS_FILE: file, SHOPIFY_API_SECRET: 'env-secret-456' };
    expect(await resolveWebhookSecret({ env })).toEqual({ secret: 'file-secret-123', from: file });
  });

  it('falls back to SHOPIFY_API_SECRET when the file has none or cannot be opened', async () => {
    const file = path.join(tempDir(), 'credentials.enc');
    await setShopifyCredentials({ action: 'set', provider: 'shopify', shop: 's.myshopify.com', token: 'shpat_x1', credentialsFile: file }, { CLV_CREDENTIALS_KEY: KEY });
    expect(await resolveWebhookSecret({ env: { CLV_CREDENTIALS_KEY: KEY, CLV_CREDENTIALS_FILE: file, SHOPIFY_API_SECRET: 'env-secret-456' } })).toEqual({ secret: 'env-secret-456', from: 'SHOPIFY_API_SECRET' });
    expect(await resolveWebhookSecret({ env: { CLV_CREDENTIALS_FILE: file, SHOPIFY_API_SECRET: 'env-secret-456' } })).toEqual({ secret: 'env-secret-456', from: 'SHOPIFY_API_SECRET' });
  });

  it('fails with a hint when there is no secret anywhere', async () => {
    const error = await resolveWebhookSecret({ env: { CLV_CREDENTIALS_FILE: path.join(tempDir(), 'none.enc') } }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toMatch(/no webhook secret/);
  });
});
