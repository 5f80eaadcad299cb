import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { setShopifyCredentials } from '../../ingest/cli/credentials.js';
import { resolveShopifyCredentials } from '../../ingest/credentials/resolve.js';
import { IngestCallerError } from '../../ingest/client/errors.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'clv-cred-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const token = 'shpat_credentials_test_token_987654';

it('stores the token encrypted and reads it back with the key; flags override, env is the fallback', async () => {
  const file = path.join(dir, 'credentials.enc');
  const env = { CLV_CREDENTIALS_KEY: 'correct horse battery staple' };
  await setShopifyCredentials({ action: 'set', provider: 'shopify', shop: 'https://demo.myshopify.com/', token, credentialsFile: file }, env);
  const text = readFileSync(file, 'utf8');
  expect(text).not.toContain(token);
  expect(text).not.toContain('demo.myshopify.com');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(await resolveShopifyCredentials({ credentialsFile: file, env })).toMatchObject({ shop: 'demo.myshopify.com', accessToken: token });
  expect(await resolveShopifyCredentials({ credentialsFile: file, env, shop: 'other.myshopify.com', token: 'shpat_flag_token_1234' })).toMatchObject({
    shop: 'other.myshopify.com', from: 'flags',
  });
  const wrong = await resolveShopifyCredentials({ credentialsFile: file, env: { CLV_CREDENTIALS_KEY: 'wrong key!' } }).catch((e: unknown) => e);
  expect(wrong).toBeInstanceOf(IngestCallerError);
  expect((wrong as Error).message).toMatch(/cannot decrypt/);
  const noKey = await resolveShopifyCredentials({ credentialsFile: file, env: {} }).catch((e: unknown) => e);
  expect((noKey as IngestCallerError).hint).toMatch(/CLV_CREDENTIALS_KEY/);
  const fromEnv = await resolveShopifyCredentials({ credentialsFile: path.join(dir, 'none.enc'), env: { SHOPIFY_SHOP: '127.0.0.1:4000', SHOPIFY_ACCESS_TOKEN: 'shpat_env_123456' } }).catch((e: unknown) => e);
  expect(fromEnv).toBeInstanceOf(IngestCallerError); // an explicit file that does not exist is an error, not a silent fallback
  // No file configured and none at the default place: the SHOPIFY_* variables are used.
  const env2 = await resolveShopifyCredentials({ env: { HOME: dir, SHOPIFY_SHOP: '127.0.0.1:4000', SHOPIFY_ACCESS_TOKEN: 'shpat_env_123456' } });
  expect(env2).toMatchObject({ shop: '127.0.0.1:4000', accessToken: 'shpat_env_123456', from: 'environment' });
});
