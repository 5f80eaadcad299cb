import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import yargs from 'yargs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setupSnowflakeCommand, setupStatements } from '../../../runner/adapters/snowflake/setup.js';
import { PASSWORD, startEmulator } from './emulator-fixture.js';

const golden = join(import.meta.dirname, 'golden', 'setup_snowflake.sql');
const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

describe('setup-snowflake SQL', () => {
  it('matches the golden RBAC layout', () => {
    const sql = `${setupStatements({ user: 'clv_svc' }).join('\n')}\n`;
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, sql);
    expect(sql).toBe(readFileSync(golden, 'utf8'));
  });

  it('is idempotent: every create is `if not exists`, never `or replace`', () => {
    const creates = setupStatements({ user: 'clv_svc' }).filter((s) => s.startsWith('create'));
    expect(creates.length).toBeGreaterThan(6);
    for (const s of creates) expect(s).toMatch(/^create \w+ if not exists /);
  });

  it('gives REPORTER future grants on ANALYTICS so new marts are readable', () => {
    const sql = setupStatements();
    expect(sql).toContain('grant select on future tables in database analytics to role reporter;');
    expect(sql).toContain('grant select on future views in database analytics to role reporter;');
    expect(sql).toContain('grant usage on future schemas in database analytics to role reporter;');
  });

  it('registers the public key body without PEM armour', () => {
    const alter = setupStatements({ user: 'clv_svc', publicKeyPem: publicKey }).find((s) => s.startsWith('alter user'))!;
    expect(alter).toMatch(/^alter user clv_svc set rsa_public_key = '[A-Za-z0-9+/=]+';$/);
  });
});

describe('clv setup-snowflake', () => {
  let fx: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    fx = await startEmulator();
  });
  afterAll(async () => fx.emulator.stop());

  it('prints by default without connecting', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await yargs(['setup-snowflake']).command(setupSnowflakeCommand).parseAsync();
    const out = write.mock.calls.map((c) => String(c[0])).join('');
    write.mockRestore();
    expect(out).toContain('create role if not exists transformer;');
    expect(fx.emulator.logins).toHaveLength(0);
  });

  it('--apply runs every statement in order with SNOWFLAKE_* credentials', async () => {
    const env = { SNOWFLAKE_ACCOUNT: 'testacct', SNOWFLAKE_USER: 'trial_user', SNOWFLAKE_PASSWORD: PASSWORD, SNOWFLAKE_ACCESS_URL: fx.url };
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await yargs(['setup-snowflake', '--apply', '--user', 'clv_svc']).command(setupSnowflakeCommand).parseAsync();
    const out = write.mock.calls.map((c) => String(c[0])).join('');
    write.mockRestore();
    vi.unstubAllEnvs();
    const expected = setupStatements({ user: 'clv_svc' }).filter((s) => !s.startsWith('--')).map((s) => s.replace(/;$/, ''));
    expect(fx.emulator.queries.map((q) => q.sqlText.replace(/;$/, ''))).toEqual(expected);
    expect(out).not.toContain(PASSWORD);
  });
});
