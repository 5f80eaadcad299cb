// Shared setup for contract tests: an emulator with a password user and a key-pair user whose encrypted
// PKCS#8 key is generated per run (no key material is committed).
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';
import { SnowflakeEmulator } from '../../support/snowflake-emulator/server.js';

export const PASSWORD = 'Tr1al-Passw0rd-secret';
export const PASSPHRASE = 'key-passphrase-secret';

export async function startEmulator(options: { denied?: RegExp[] } = {}) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE },
  });
  const dir = mkdtempSync(join(tmpdir(), 'sf-keys-'));
  const keyPath = join(dir, 'rsa_key.p8');
  writeFileSync(keyPath, privateKey);
  chmodSync(keyPath, 0o600);
  const emulator = new SnowflakeEmulator({
    account: 'testacct',
    users: [{ name: 'trial_user', password: PASSWORD }, { name: 'dbt_svc', publicKeyPem: publicKey }],
    databases: ['analytics', 'raw'],
    denied: options.denied,
  });
  const url = await emulator.start();
  const passwordTarget = { account: 'testacct', user: 'trial_user', password: PASSWORD, access_url: url, database: 'analytics', schema: 'marts', role: 'transformer', warehouse: 'transforming', retry_timeout_seconds: 5, timeout_ms: 5000 };
  const keyTarget = { account: 'testacct', user: 'dbt_svc', private_key_path: keyPath, private_key_passphrase: PASSPHRASE, access_url: url, database: 'analytics', schema: 'marts' };
  return { emulator, url, keyPath, privateKey, passwordTarget, keyTarget, dir };
}

/** An emulator for the whole test file, its URL and password in the env the fixture projects read
 * (SF_EMULATOR_URL / SF_EMULATOR_PASSWORD); the returned function gives the running one. */
export function emulatorForSuite(options: { denied?: RegExp[] } = {}): () => Awaited<ReturnType<typeof startEmulator>> {
  let fx: Awaited<ReturnType<typeof startEmulator>> | undefined;
  beforeAll(async () => {
    fx = await startEmulator(options);
    vi.stubEnv('SF_EMULATOR_URL', fx.url);
    vi.stubEnv('SF_EMULATOR_PASSWORD', PASSWORD);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await fx?.emulator.stop();
  });
  return () => fx!;
}
