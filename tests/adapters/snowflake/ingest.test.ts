// `runIngest` from the Shopify simulator into Snowflake through the Snowflake RawWriter, the runner's
// adapter and the real snowflake-sdk, against the loopback emulator. Protocol and the writer's flow (stage,
// COPY, MERGE newer-wins, checkpoints in one transaction), not Snowflake semantics: every statement the
// writer sent is also checked offline as Snowflake SQL (syntax + documented functions).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../ingest/simulator/index.js';
import { runIngest, type IngestOptions } from '../../../ingest/run.js';
import { SnowflakeRawWriter } from '../../../ingest/warehouse/snowflake.js';
import { RAW_TABLES } from '../../../ingest/warehouse/tables.js';
import { checkStatement, initPolyglot } from '../../snowflake-validate/check.js';
import { main } from '../../../bin/main.js';
import { PASSWORD, startEmulator } from './emulator-fixture.js';

let sim: RunningSimulator;
let fx: Awaited<ReturnType<typeof startEmulator>>;
let dir: string;
const quiet = { write: () => true } as unknown as NodeJS.WritableStream;
const base = (): IngestOptions => ({ shop: sim.shop, accessToken: sim.accessToken, output: quiet, tty: false, lagSeconds: 0 });

async function intoSnowflake(extra: Partial<IngestOptions>) {
  const writer = new SnowflakeRawWriter({ target: fx.passwordTarget, projectRoot: dir, database: 'raw', schema: 'raw_shopify', apiVersion: sim.apiVersion });
  try {
    return await runIngest({ ...base(), writer, ...extra });
  } finally {
    await writer.close();
  }
}

/** id, clock and deleted flag of every raw row, table by table, in a stable order. */
const digestSql = (schema: string) =>
  RAW_TABLES.map((t) => `select '${t.name}' as tbl, id, epoch_ms(updated_at)::DOUBLE as at, is_deleted from ${schema}.${t.name}`).join(' union all ') +
  ' order by tbl, id';

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'clv-sf-ingest-'));
  fx = await startEmulator();
  sim = await startSimulator({ customers: 100, seed: 5, port: 0, restoreRateScale: 500 });
  await initPolyglot();
});

afterAll(async () => {
  await sim?.close();
  await fx?.emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('clv ingest into Snowflake (emulated)', () => {
  it('lands the same raw rows as a DuckDB ingest, idempotently, through PUT + COPY + MERGE', async () => {
    const first = await intoSnowflake({ bulkThreshold: 0 });
    expect(first.streams.map((s) => s.mode)).toEqual(['bulk', 'bulk', 'bulk']);
    expect(first.rows.orders).toBeGreaterThan(0);
    expect(first.rows.refund_lines).toBeGreaterThan(0);

    // A full refresh re-lands every row page by page: same counts, no duplicate ids.
    const again = await intoSnowflake({ bulkThreshold: Infinity, fullRefresh: true });
    expect(again.streams.map((s) => s.mode)).toEqual(['paginated', 'paginated', 'paginated']);
    expect(again.rows).toEqual(first.rows);
    for (const t of RAW_TABLES) {
      const [dups] = await fx.emulator.duck(`select count(*) - count(distinct id) as d from raw.raw_shopify.${t.name}`);
      expect(Number(dups!.d), t.name).toBe(0);
    }

    // The same store into DuckDB with the DuckDB writer: identical rows, clocks and deleted flags.
    const duckPath = path.join(dir, 'raw.duckdb');
    const duck = await runIngest({ ...base(), database: duckPath, bulkThreshold: 0 });
    expect(first.rows).toEqual(duck.rows);
    const instance = await DuckDBInstance.create(duckPath);
    const conn = await instance.connect();
    const expected = (await conn.runAndReadAll(digestSql('raw_shopify'))).getRowObjectsJson();
    conn.closeSync();
    instance.closeSync();
    expect(await fx.emulator.duck(digestSql('raw.raw_shopify'))).toEqual(expected);

    // Checkpoints live in Snowflake: a plain re-run is incremental and changes nothing.
    const incremental = await intoSnowflake({});
    expect(incremental.streams.every((s) => s.mode === 'paginated')).toBe(true);
    expect(incremental.rows).toEqual(first.rows);

    const sent = fx.emulator.queries.map((q) => q.sqlText);
    expect(sent.some((q) => /^put 'file:\/\/.*routed\.jsonl\.gz' @raw\.raw_shopify\.clv_load_stage\/_clv_routed\//.test(q))).toBe(true);
    expect(sent.some((q) => /^copy into raw\.raw_shopify\._clv_routed from @/.test(q))).toBe(true);
    expect(sent.some((q) => q.startsWith('merge into raw.raw_shopify.orders as t') && q.includes('when matched and s.updated_at >= t.updated_at'))).toBe(true);
    expect(sent).toContain('create table if not exists raw.raw_shopify.orders (id varchar not null, legacy_resource_id varchar, updated_at timestamptz, data variant, is_deleted boolean default false, _synced_at timestamptz, _source_api_version varchar, customer_id varchar)');
    const problems = [...new Set(sent.filter((q) => !q.startsWith('put ')))].flatMap((q) => checkStatement(q).map((p) => `${p.message}\n  in: ${q.slice(0, 120)}`));
    expect(problems).toEqual([]);
    expect(JSON.stringify(fx.emulator.queries)).not.toContain(PASSWORD);
  });

  it('flags deletes and reconciles ids through a staged id list', async () => {
    const writer = new SnowflakeRawWriter({ target: fx.passwordTarget, projectRoot: dir, database: 'raw', schema: 'raw_shopify', apiVersion: sim.apiVersion });
    try {
      const [order] = await fx.emulator.duck(`select id from raw.raw_shopify.orders where not is_deleted order by id limit 1`);
      const id = String(order!.id);
      expect(await writer.flagDeleted('orders', [id, 'gid://shopify/Order/does-not-exist'])).toBe(1);
      expect(await writer.flagDeleted('orders', [id])).toBe(0);
      const [children] = await fx.emulator.duck(`select count(*) filter (where not is_deleted) as live from raw.raw_shopify.order_lines where order_id = '${id}'`);
      expect(Number(children!.live)).toBe(0);
      expect(await writer.readState('orders')).toMatchObject({ highWater: expect.any(String) });

      // Reconciliation: a live order missing from the source's id list is flagged; the one flagged above is
      // listed again, so it comes back.
      const ids = (await fx.emulator.duck(`select id from raw.raw_shopify.orders order by id`)).map((r) => String(r.id));
      const gone = ids.find((x) => x !== id)!;
      const idsFile = path.join(dir, 'orders.ids.jsonl');
      writeFileSync(idsFile, ids.filter((x) => x !== gone).map((x) => JSON.stringify({ id: x })).join('\n') + '\n');
      expect(await writer.reconcileIds('orders', idsFile)).toEqual({ flagged: 1 });
      const flags = await fx.emulator.duck(`select id, is_deleted from raw.raw_shopify.orders where is_deleted`);
      expect(flags).toEqual([{ id: gone, is_deleted: true }]);
    } finally {
      await writer.close();
    }
  });

  it('clv ingest --target snowflake picks the Snowflake writer from the target type', async () => {
    vi.stubEnv('SF_EMULATOR_URL', fx.url);
    vi.stubEnv('SF_EMULATOR_PASSWORD', PASSWORD);
    try {
      const project = path.join(import.meta.dirname, '../../fixtures/snowflake/emulated_project');
      const args = ['ingest', '--project-dir', project, '--target', 'snowflake', '--shop', sim.shop, '--token', sim.accessToken, '--streams', 'customers', '--bulk-threshold', '0'];
      expect(await main(args)).toBe(0);
      const [landed] = await fx.emulator.duck('select count(*) as n from analytics.raw_shopify.customers');
      const [viaDuck] = await fx.emulator.duck('select count(*) as n from raw.raw_shopify.customers');
      expect(Number(landed!.n)).toBe(Number(viaDuck!.n));
      expect(Number(landed!.n)).toBeGreaterThan(0);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
