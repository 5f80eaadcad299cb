// Incremental models (merge on id with a lookback window) must end exactly where a full refresh ends:
// build on most of the orders, land the rest, build incrementally, then compare every incremental model
// and the marts with a --full-refresh build of the same raw data.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createStore, landStore } from '../../bench/models-store.js';
import { clv, query, targetPathOf } from './build.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'clv-incremental-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// staging models are views over the raw tables: the incremental ones are downstream of them
const COMPARED = ['int_order_lines', 'int_orders', 'int_customer_orders', 'customers', 'seasonality'];

/** Order-independent digest of every column per model (synced_at differs between builds by design). */
async function fingerprints(db: string): Promise<Record<string, string>> {
  const sql = COMPARED.map((model) =>
    `select '${model}' as model, count(*) || ':' || coalesce(sum(hash(t)), 0) as digest ` +
    `from (select columns(c -> c <> 'synced_at') from main.${model}) as t`).join(' union all ');
  const rows = await query<{ model: string; digest: string }>(db, sql);
  return Object.fromEntries(rows.map((r) => [r.model, r.digest]));
}

/** Rows the last build wrote into `model` (an incremental run: the rows of its batch). */
function rowsWritten(model: string): number | undefined {
  const results = JSON.parse(readFileSync(path.join(targetPathOf(path.join(dir, 'store.duckdb')), 'run_results.json'), 'utf8')) as {
    results: { unique_id: string; adapter_response: { rows_affected?: number } }[];
  };
  return results.results.find((r) => r.unique_id === `model.clv.${model}`)?.adapter_response.rows_affected;
}

it('an incremental build after new orders equals a full refresh', async () => {
  const db = path.join(dir, 'store.duckdb');
  const store = createStore({ customers: 200, seed: 11 });
  const [first, second] = [0.94, 0.97].map((share) => Math.floor(store.data.orders.count * share));
  await landStore(db, store, { orders: { from: 0, to: first } });
  await clv(db, ['build', '--exclude', 'resource_type:test']);
  // DuckDB's default lookback is 0: the window is exactly what landed since the newest stamp built, not the
  // first landing again (its one stamp is that newest one)
  await landStore(db, store, { orders: { from: first, to: second } });
  await clv(db, ['build', '--exclude', 'resource_type:test']);
  expect(rowsWritten('int_orders')).toBe(second - first);
  // a lookback (Snowflake's default) reprocesses earlier landings of the last hour: more rows, same result
  await landStore(db, store, { orders: { from: second, to: store.data.orders.count } });
  await clv(db, ['build', '--exclude', 'resource_type:test', '--vars', '{incremental_lookback_minutes: 60}']);
  expect(rowsWritten('int_orders')).toBeGreaterThan(store.data.orders.count - second);
  const [window] = await query<{ n: string }>(db, 'select count(*) as n from main.int_orders');
  expect(Number(window!.n)).toBe(store.data.orders.count);
  const incremental = await fingerprints(db);
  await clv(db, ['build', '--full-refresh', '--exclude', 'resource_type:test']);
  const full = await fingerprints(db);
  expect(incremental).toEqual(full);
  const [orders] = await query<{ n: string }>(db, 'select count(*) as n from main.int_orders');
  expect(Number(orders!.n)).toBe(store.data.orders.count);
}, 600_000);
