// Contract tests: the Snowflake adapter through the real snowflake-sdk against the loopback emulator.
// They prove protocol handling (login, results, errors, retries, tags, binds, stages), not Snowflake SQL
// semantics; see tests/support/snowflake-emulator/server.ts.
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError, UsageError } from '../../../runner/errors.js';
import { snowflakeAdapter } from '../../../runner/adapters/snowflake/index.js';
import { SnowflakeSession } from '../../../runner/adapters/snowflake/connection.js';
import { loadJsonl, upsertRows } from '../../../runner/adapters/snowflake/load.js';
import { describeSettings, resolveSettings } from '../../../runner/adapters/snowflake/target.js';
import type { SnowflakeWarehouse } from '../../../runner/adapters/snowflake/warehouse.js';
import { PASSPHRASE, PASSWORD, startEmulator } from './emulator-fixture.js';

let fx: Awaited<ReturnType<typeof startEmulator>>;
const open = (target: Record<string, unknown>, threads = 1) =>
  snowflakeAdapter.open(target, { projectRoot: '/', threads }) as Promise<SnowflakeWarehouse>;

beforeAll(async () => {
  fx = await startEmulator({ denied: [/forbidden_schema/] });
  await fx.emulator.duck('create schema analytics.marts; create schema raw.shopify');
});
afterAll(async () => fx?.emulator.stop());

describe('login', () => {
  it('logs in with a password and decodes result types', async () => {
    const wh = await open(fx.passwordTarget);
    const s = await wh.acquire();
    const r = await s.execute(
      "select 42 as i, 12.50::decimal(18,2) as d, 0.25::double as f, true as b, 'x''y' as s, date '2024-03-01' as dt, timestamp '2024-03-01 10:11:12.5' as ts, null as n",
    );
    expect(r.rows[0]).toMatchObject({ i: 42, d: 12.5, f: 0.25, b: true, s: "x'y", n: null });
    expect(String((r.rows[0]!.dt as { toJSON(): string }).toJSON())).toMatch(/^2024-03-01/);
    expect(r.columns.map((c) => c.dataType)).toEqual(['fixed', 'fixed', 'real', 'boolean', 'text', 'date', 'timestamp_ntz', 'fixed']);
    await wh.close();
  });

  it('logs in with an encrypted key pair (SNOWFLAKE_JWT) and a passphrase', async () => {
    const wh = await open(fx.keyTarget);
    const s = await wh.acquire();
    expect((await s.execute('select 1 as one')).rows).toEqual([{ one: 1 }]);
    expect(fx.emulator.logins.at(-1)).toEqual({ user: 'dbt_svc', authenticator: 'SNOWFLAKE_JWT', ok: true });
    await wh.close();
  });

  it('reads SNOWFLAKE_* variables for an empty target', () => {
    const env = { SNOWFLAKE_ACCOUNT: 'acct', SNOWFLAKE_USER: 'u', SNOWFLAKE_PRIVATE_KEY_PATH: fx.keyPath, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: PASSPHRASE, SNOWFLAKE_ROLE: 'transformer', SNOWFLAKE_WAREHOUSE: 'transforming', SNOWFLAKE_DATABASE: 'analytics', SNOWFLAKE_SCHEMA: 'marts' };
    const settings = resolveSettings({}, { projectRoot: '/', threads: 4, env });
    expect(settings).toMatchObject({ account: 'acct', user: 'u', authenticator: 'SNOWFLAKE_JWT', role: 'transformer', warehouse: 'transforming', database: 'analytics', schema: 'marts', threads: 4 });
    expect(JSON.stringify(describeSettings(settings))).not.toContain(PASSPHRASE);
    expect(JSON.stringify(describeSettings(settings))).not.toContain('PRIVATE KEY');
  });

  it('refuses a private key file readable by others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-open-key-'));
    const path = join(dir, 'key.p8');
    writeFileSync(path, fx.privateKey);
    chmodSync(path, 0o644);
    let error: unknown;
    try {
      resolveSettings({ account: 'a', user: 'u', private_key_path: path }, { projectRoot: '/', threads: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).format()).toMatch(/readable by group or others\n.*chmod 600/);
  });

  it('fails a wrong password with code 390100, a hint, and no secret in the message', async () => {
    const wh = await open({ ...fx.passwordTarget, password: 'wrong-secret-value' });
    const error = await wh.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    const text = (error as DatabaseError).format();
    expect(text).toMatch(/390100/);
    expect(text).toMatch(/check SNOWFLAKE_USER/);
    expect(text).not.toContain('wrong-secret-value');
    await wh.close();
  });

  it('opens lazily: no login until a session is acquired', async () => {
    const before = fx.emulator.logins.length;
    const wh = await open(fx.passwordTarget);
    expect(fx.emulator.logins.length).toBe(before);
    await wh.close();
  });

  it('says what is missing without credentials', async () => {
    await expect(snowflakeAdapter.open({ account: 'a', user: 'u' }, { projectRoot: '/', threads: 1 })).rejects.toThrow(UsageError);
  });
});

describe('queries', () => {
  let wh: SnowflakeWarehouse;
  let s: SnowflakeSession;
  beforeAll(async () => {
    wh = await open(fx.passwordTarget, 2);
    s = await wh.acquire();
  });
  afterAll(async () => wh.close());

  it('maps a missing object to 002003 with a hint', async () => {
    const error = await s.execute('select * from analytics.marts.nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).message).toMatch(/002003/);
    expect((error as DatabaseError).hint).toMatch(/does not exist/);
  });

  it('maps insufficient privileges to a hint about the role', async () => {
    const error = (await s.execute('create schema analytics.forbidden_schema').catch((e: unknown) => e)) as DatabaseError;
    expect(error.message).toMatch(/003001/);
    expect(error.hint).toMatch(/SNOWFLAKE_ROLE/);
  });

  it('retries HTTP 503 with the same request id', async () => {
    fx.emulator.failNextQueries(2);
    const from = fx.emulator.queries.length;
    expect((await s.execute('select 7 as seven')).rows).toEqual([{ seven: 7 }]);
    const attempts = fx.emulator.queries.slice(from);
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((q) => q.requestId)).size).toBe(1);
  });

  it('tags the session per node and clears it', async () => {
    await s.setQueryTag('clv:shop:customer_ltv:run-123');
    await s.execute('select 1 as x');
    expect(fx.emulator.queries.at(-1)).toMatchObject({ sqlText: 'select 1 as x', queryTag: 'clv:shop:customer_ltv:run-123' });
    await s.setQueryTag(undefined);
    await s.execute('select 2 as x');
    expect(fx.emulator.queries.at(-1)!.queryTag).toBeUndefined();
  });

  it('splits multi-statement text and runs it in order on one session', async () => {
    const r = await s.execute("create table analytics.marts.t1 (a int, s varchar);\ninsert into analytics.marts.t1 values (1, 'a;b');\nselect count(*) as n from analytics.marts.t1");
    expect(r.rows).toEqual([{ n: 1 }]);
    expect(fx.emulator.queries.slice(-3).map((q) => q.sqlText)).toEqual([
      'create table analytics.marts.t1 (a int, s varchar)', "insert into analytics.marts.t1 values (1, 'a;b')", 'select count(*) as n from analytics.marts.t1',
    ]);
  });

  it('sends binds as typed values, leaving colons inside literals alone', async () => {
    const r = await s.run("select ? as a, :2 as b, '13:14:15' as t", [5, "it's"]);
    expect(r.rows).toEqual([{ a: 5, b: "it's", t: '13:14:15' }]);
    expect(fx.emulator.queries.at(-1)!.bindings).toEqual({ 1: { type: 'FIXED', value: '5' }, 2: { type: 'TEXT', value: "it's" } });
    expect(JSON.stringify(fx.emulator.queries.at(-1))).not.toContain(PASSWORD);
  });

  it('lower-cases upper-case result keys the way runner code reads them (count(*) as failures)', async () => {
    const r = await s.execute('select 3 as "FAILURES", 4 as "Mixed"');
    expect(r.rows).toEqual([{ failures: 3, Mixed: 4 }]);
    expect(r.columns.map((c) => c.name)).toEqual(['failures', 'Mixed']);
  });

  it('reports rows affected for DML', async () => {
    const r = await s.execute('insert into analytics.marts.t1 values (2, null), (3, null)');
    expect(r.rowsAffected).toBe(2);
  });

  it('bounds the pool at threads and hands a released session to a waiter', async () => {
    const second = await wh.acquire();
    let third: SnowflakeSession | undefined;
    const waiting = wh.acquire().then((x) => (third = x));
    await new Promise((r) => setTimeout(r, 50));
    expect(third).toBeUndefined();
    expect(wh.size).toBe(2);
    wh.release(second);
    await waiting;
    expect(third).toBe(second);
    wh.release(second);
  });

  it('runs the dialect statements of a merge build', async () => {
    const { snowflakeDialect: d } = await import('../../../runner/adapters/snowflake/dialect.js');
    const target = { database: 'analytics', schema: 'marts', identifier: 'ltv' };
    const tmp = { ...target, identifier: 'ltv__dbt_tmp' };
    await s.execute(d.createSchema(target));
    await s.execute(d.createTableAs(target, 'select 1 as id, 10.0 as value'));
    await s.execute(d.createView(tmp, 'select 1 as id, 11.0 as value union all select 2, 20.0'));
    const merged = await s.execute(d.merge(target, tmp, ['id'], ['id', 'value']));
    expect(merged.rowsAffected).toBe(2);
    const rows = (await s.execute('select id, value from analytics.marts.ltv order by id')).rows;
    expect(rows).toEqual([{ id: 1, value: 11 }, { id: 2, value: 20 }]);
    for (const sql of d.grantSelect!(target, 'table', ['reporter'])) await s.execute(sql);
    expect(fx.emulator.queries.at(-1)!.sqlText).toBe('grant select on table analytics.marts.ltv to role "REPORTER"');
  });
});

describe('stage loading', () => {
  let wh: SnowflakeWarehouse;
  let s: SnowflakeSession;
  const table = { database: 'raw', schema: 'shopify', identifier: 'orders' };
  beforeAll(async () => {
    wh = await open(fx.keyTarget);
    s = await wh.acquire();
    await s.execute('create table raw.shopify.orders (id varchar, total_price decimal(18,2), updated_at timestamp)');
  });
  afterAll(async () => wh.close());

  it('PUTs gzip JSONL, COPYs it in and MERGEs by id, idempotently', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-load-'));
    const file = join(dir, 'orders.jsonl.gz');
    const lines = [
      { id: 'gid://shopify/Order/1', total_price: '10.00', updated_at: '2024-01-01 00:00:00' },
      { id: 'gid://shopify/Order/2', total_price: '20.00', updated_at: '2024-01-01 00:00:00' },
      { id: 'gid://shopify/Order/1', total_price: '15.00', updated_at: '2024-01-02 00:00:00' },
    ];
    writeFileSync(file, gzipSync(lines.map((l) => JSON.stringify(l)).join('\n')));
    const first = await loadJsonl(s, table, [file], { newestBy: 'updated_at' });
    expect(first.staged).toBe(3);
    await loadJsonl(s, table, [file], { newestBy: 'updated_at' });
    const rows = await fx.emulator.duck('select id, total_price::varchar as p from raw.shopify.orders order by id');
    expect(rows).toEqual([{ id: 'gid://shopify/Order/1', p: '15.00' }, { id: 'gid://shopify/Order/2', p: '20.00' }]);
    const sent = fx.emulator.queries.map((q) => q.sqlText);
    expect(sent.some((q) => /^put 'file:\/\/.*orders\.jsonl\.gz' @raw\.shopify\.clv_load_stage\/orders\//.test(q))).toBe(true);
    expect(sent.some((q) => /^copy into raw\.shopify\.orders__clv_load from @raw\.shopify\.clv_load_stage\/orders\/.* file_format = \(type = json\)/.test(q))).toBe(true);
  });

  it('upserts a small batch with array binds', async () => {
    const r = await upsertRows(s, table, ['id', 'total_price', 'updated_at'], [['gid://shopify/Order/3', 30, '2024-02-01 00:00:00'], ['gid://shopify/Order/2', 25, '2024-02-01 00:00:00']]);
    expect(r.staged).toBe(2);
    const rows = await fx.emulator.duck('select id, total_price::varchar as p from raw.shopify.orders order by id');
    expect(rows.map((x) => x.p)).toEqual(['15.00', '25.00', '30.00']);
    const insert = fx.emulator.queries.find((q) => q.sqlText.startsWith('insert into raw.shopify.orders__clv_load'));
    expect(insert!.bindings!['1']!.value).toEqual(['gid://shopify/Order/3', 'gid://shopify/Order/2']);
  });
});

describe('secrets', () => {
  it('never reach the driver log, the emulator query log or error text', () => {
    expect(existsSync(join(process.cwd(), 'snowflake.log'))).toBe(false);
    const queries = JSON.stringify(fx.emulator.queries);
    expect(queries).not.toContain(PASSWORD);
    expect(queries).not.toContain(PASSPHRASE);
    // The passphrase decrypts the key locally; it is never sent, and the key travels only as a signed JWT.
    expect(fx.emulator.bodies.join('\n')).not.toContain(PASSPHRASE);
    expect(fx.emulator.bodies.join('\n')).not.toContain('PRIVATE KEY');
  });
});
