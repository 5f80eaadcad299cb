// The data tests that guard keys and money fail on the bad data they target. The project is built once on
// the real-store shapes of tests/fixtures/shopify-dirty; each case copies the built store, breaks one thing
// (raw rows a loader could send, or a mart a model bug could write) and runs the one test on the copy.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DuckDbRawWriter } from '../../ingest/warehouse/duckdb.js';
import { clv, query } from './build.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/shopify-dirty');
const dir = mkdtempSync(path.join(os.tmpdir(), 'clv-data-tests-fail-'));
// every copy keeps the file stem `store`: the staging views name their catalog by it
const built = path.join(dir, 'built', 'store.duckdb');

beforeAll(async () => {
  mkdirSync(path.dirname(built));
  const writer = await DuckDbRawWriter.open(built, { schema: 'raw_shopify', apiVersion: '2026-10' });
  try {
    await writer.ensureTables();
    for (const file of ['customers.jsonl', 'products.jsonl', 'orders.jsonl', 'refund-lines.jsonl']) await writer.land(path.join(FIXTURE, file));
  } finally {
    await writer.close();
  }
  // seeds and models only: each case runs the tests it needs; the predictive models feed none of them
  expect(await clv(built, ['build', '--exclude', 'path:models/predictive', 'resource_type:test'])).toMatch(/ERROR=0/);
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

let copies = 0;
/** A copy of the built store with `breakSql` applied. */
async function broken(breakSql: string): Promise<string> {
  const copy = path.join(dir, `case-${++copies}`, 'store.duckdb');
  mkdirSync(path.dirname(copy));
  copyFileSync(built, copy);
  await query(copy, breakSql);
  return copy;
}

/** `clv test --select <selector>` on a store; the output, whether or not a test failed. */
async function test(db: string, selector: string): Promise<string> {
  try {
    return await clv(db, ['test', '--select', selector]);
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

it('a loader that repeats a raw id fails the staging key test (the raw id is not tested twice)', async () => {
  // a raw table without the primary key ingest gives it (another loader, or Snowflake, which enforces none)
  const db = await broken(`create or replace table raw_shopify.order_lines as
    select * from raw_shopify.order_lines
    union all
    select * from raw_shopify.order_lines where id = 'gid://shopify/LineItem/10121'`);
  const out = await test(db, 'source:shopify.order_lines stg_shopify__order_lines');
  expect(out).toMatch(/FAIL 1 unique_stg_shopify__order_lines_order_line_key/);
  expect(out).toMatch(/PASS not_null_source_shopify_order_lines_id/);
  expect(out).not.toMatch(/unique_source_shopify/);
});

it('the unbroken store passes the daily net revenue reconciliation', async () => {
  const out = await test(await broken('select 1'), 'assert_net_revenue_reconciles_daily');
  expect(out).toMatch(/PASS assert_net_revenue_reconciles_daily/);
});

it('a day of the mart off by a cent fails the daily net revenue reconciliation', async () => {
  const db = await broken(`update main.seasonality set net_revenue_shop_amount = net_revenue_shop_amount + 0.01
    where period_grain = 'day' and period_start = date '2025-05-31'`);
  expect(await test(db, 'assert_net_revenue_reconciles_daily')).toMatch(/FAIL 1 assert_net_revenue_reconciles_daily/);
});

it('an edited-out unit the marts never booked fails the daily net revenue reconciliation', async () => {
  // order 1012 (2 × 9.99, no refund): Shopify now says one unit was removed by an order edit. Staging is a
  // view, so the test reads the edit at once; the marts (tables) still hold both units.
  const db = await broken(`update raw_shopify.order_lines set data = struct_update(data, currentQuantity := 1)
    where id = 'gid://shopify/LineItem/10121'`);
  expect(await test(db, 'assert_net_revenue_reconciles_daily')).toMatch(/FAIL 1 assert_net_revenue_reconciles_daily/);
  const [marts] = await query<{ n: number }>(db, `select cast(count(*) as integer) as n from main.int_order_lines where edited_out_quantity > 0
    and order_line_key = 10121`);
  expect(marts).toEqual({ n: 0 });
});
