// The DuckDB raw writer on a hand-made node-line file (tests/fixtures/ingest/node-lines.jsonl): routing to
// raw tables, derived ids, newer-wins upserts, orphaned children, the root-count guard and reconciliation.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { acquireInstance, releaseInstance } from '../../runner/adapters/duckdb/connection.js';
import { DuckDbRawWriter } from '../../ingest/warehouse/duckdb.js';
import { RootCountMismatch } from '../../ingest/warehouse/writer.js';

const fixture = path.resolve('tests/fixtures/ingest/node-lines.jsonl');
// Bulk-shaped: inline transactions/refunds lists, children after their parents but not right after.
const bulkFixture = path.resolve('tests/fixtures/ingest/bulk-orders.jsonl');
let dir: string;
let writer: DuckDbRawWriter;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'clv-wh-'));
  writer = await DuckDbRawWriter.open(path.join(dir, 'w.duckdb'), { schema: 'raw_test', apiVersion: '2026-10' });
  await writer.ensureTables();
});
afterEach(async () => {
  await writer.close();
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, lines: object[]) => {
  const p = path.join(dir, name);
  writeFileSync(p, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return p;
};

it('routes every line to its table with derived ids, inherited clocks and state in the same commit', async () => {
  const result = await writer.land(fixture, { state: { stream: 'orders', cursor: { after: 'abc' } } });
  expect(result.roots).toBe(3);
  expect(await writer.counts()).toEqual({
    customers: 1, orders: 1, order_lines: 2, transactions: 1, refunds: 1, refund_lines: 1, discount_applications: 2, products: 1, product_variants: 1,
  });
  expect(await writer.readState('orders')).toEqual({ after: 'abc' });
  // Rerun: merge on id, no duplicates.
  await writer.land(fixture);
  expect((await writer.counts()).order_lines).toBe(2);
});

/** Every row of the raw tables except the load time, for comparing two loads (the writer is reopened). */
async function snapshot(): Promise<unknown[]> {
  await writer.close();
  const instance = await DuckDBInstance.create(path.join(dir, 'w.duckdb'));
  const conn = await instance.connect();
  try {
    const tables = ['orders', 'order_lines', 'transactions', 'refunds', 'discount_applications'];
    const rows = [];
    for (const t of tables) {
      const r = await conn.runAndReadAll(`SELECT * EXCLUDE (_synced_at) FROM raw_test.${t} ORDER BY id`);
      rows.push(t, ...r.getRowObjectsJson());
    }
    return rows;
  } finally {
    conn.closeSync();
    instance.closeSync();
    writer = await DuckDbRawWriter.open(path.join(dir, 'w.duckdb'), { schema: 'raw_test', apiVersion: '2026-10' });
  }
}

it('a bulk file into empty tables (plain inserts) lands exactly what the general routing lands over it', async () => {
  const first = await writer.land(bulkFixture, { expectRoots: 2 });
  expect(first).toMatchObject({ roots: 2, total: 10, newestRootUpdatedAt: '2026-11-05T10:00:00Z' });
  expect(first.rows).toEqual({ orders: 2, order_lines: 3, transactions: 2, refunds: 1, discount_applications: 2 });
  const fast = await snapshot();
  expect(fast).toContainEqual(expect.objectContaining({ id: 'gid://shopify/Order/2001#1', order_id: 'gid://shopify/Order/2001', updated_at: '2026-11-05 10:00:00+00' }));
  expect(fast).toContainEqual(expect.objectContaining({ id: 'gid://shopify/Refund/81', legacy_resource_id: '81', updated_at: '2026-11-05 10:00:00+00' }));
  const order = fast.find((r) => (r as { id?: string }).id === 'gid://shopify/Order/2001') as { data: Record<string, unknown>; customer_id: string };
  expect(order.customer_id).toBe('gid://shopify/Customer/1');
  // `data` is typed by the query's selection: the inline child lists land in their own tables, not here
  expect(Object.keys(order.data)).not.toContain('transactions');
  expect(order.data).toMatchObject({ id: 'gid://shopify/Order/2001', customer: { id: 'gid://shopify/Customer/1' } });
  // The same file again goes through the general routing (tables are filled now) and changes nothing.
  await writer.land(bulkFixture, { expectRoots: 2 });
  expect(await snapshot()).toEqual(fast);
});

/** Every row of every raw table but the load time, after landing `files` into a fresh database. */
async function landFresh(files: string[], keepLinesBelowBytes?: number): Promise<unknown[]> {
  const db = path.join(dir, `fresh-${Math.random().toString(36).slice(2)}.duckdb`);
  const w = await DuckDbRawWriter.open(db, { schema: 'raw_test', apiVersion: '2026-10', keepLinesBelowBytes });
  await w.ensureTables();
  for (const f of files) await w.land(f);
  await w.close();
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  try {
    const rows = [];
    for (const t of ['customers', 'orders', 'order_lines', 'transactions', 'refunds', 'refund_lines', 'discount_applications', 'products', 'product_variants']) {
      rows.push(t, ...(await conn.runAndReadAll(`SELECT * EXCLUDE (_synced_at) FROM raw_test.${t} ORDER BY id`)).getRowObjectsJson());
    }
    return rows;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

it('the fast path (refund lines included, whole or keys-only staging) lands what the general routing lands', async () => {
  // Landing a file twice: the second landing goes through the general routing over the first one's rows
  // and must change nothing; keys-only staging (large files) must land the same rows as whole staging.
  for (const source of [fixture, bulkFixture]) {
    const whole = await landFresh([source]);
    expect(await landFresh([source, source])).toEqual(whole);
    expect(await landFresh([source], 0)).toEqual(whole);
  }
  const rows = await landFresh([fixture], 0);
  expect(rows).toContainEqual(expect.objectContaining({ refund_id: expect.any(String), order_id: expect.any(String), order_line_id: expect.any(String) }));
  // The primary key, added after a fast load, still refuses a second row with the same id.
  const w = await DuckDbRawWriter.open(path.join(dir, 'pk.duckdb'), { schema: 'raw_test', apiVersion: '2026-10', keepLinesBelowBytes: 0 });
  await w.ensureTables();
  await w.land(bulkFixture);
  await w.land(bulkFixture);
  expect((await w.counts()).order_lines).toBe(3);
  await w.close();
});

it('a bulk file repeating an id falls back to the general routing, which keeps one row per id', async () => {
  const lines = readFileSync(bulkFixture, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as object);
  const result = await writer.land(file('dup.jsonl', [...lines, lines[2]!]));
  expect(result.rows.order_lines).toBe(4);
  expect((await writer.counts()).order_lines).toBe(3);
});

it('never lets an older version overwrite a newer one, and drops children a newer parent no longer has', async () => {
  const order = { __typename: 'Order', id: 'gid://shopify/Order/1', updatedAt: '2026-11-02T00:00:00Z', name: 'new' };
  const line = (n: number) => ({ __typename: 'LineItem', id: `gid://shopify/LineItem/${n}`, __parentId: order.id });
  await writer.land(file('a.jsonl', [order, line(1), line(2)]));
  await writer.land(file('b.jsonl', [{ ...order, updatedAt: '2026-11-01T00:00:00Z', name: 'old' }, line(1)]));
  expect((await writer.counts()).order_lines).toBe(2); // stale parent: children untouched
  await writer.land(file('c.jsonl', [{ ...order, updatedAt: '2026-11-03T00:00:00Z' }, line(2)]));
  expect((await writer.counts()).order_lines).toBe(1);
});

it('refuses a bulk file whose root count differs from rootObjectCount and commits nothing', async () => {
  const error = await writer.land(fixture, { expectRoots: 4, state: { stream: 'orders', cursor: { x: 1 } } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RootCountMismatch);
  expect((await writer.counts()).orders).toBe(0);
  expect(await writer.readState('orders')).toBeUndefined();
});

it('reconciliation flags ids missing at the source (and their children) as deleted', async () => {
  await writer.land(fixture);
  const { flagged } = await writer.reconcileIds('orders', file('ids2.jsonl', [{ id: 'gid://shopify/Order/other' }]));
  expect(flagged).toBe(1);
  const counts = await writer.counts();
  expect(counts.orders).toBe(1); // flagged, never silently dropped
  expect(await writer.flagDeleted('customers', ['gid://shopify/Customer/1'])).toBe(1);
});

it('a deletion flag moves _synced_at, so incremental models windowed on it pick the deletion up', async () => {
  await writer.land(fixture);
  await writer.close();
  const read = async (sql: string) => {
    const instance = await DuckDBInstance.create(path.join(dir, 'w.duckdb'));
    const conn = await instance.connect();
    try {
      return (await conn.runAndReadAll(sql)).getRowObjectsJson();
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  };
  const before = await read(`SELECT id, _synced_at::varchar AS at FROM raw_test.orders ORDER BY id LIMIT 1`);
  const id = String(before[0]!['id']);
  await new Promise((resolve) => setTimeout(resolve, 20));
  writer = await DuckDbRawWriter.open(path.join(dir, 'w.duckdb'), { schema: 'raw_test', apiVersion: '2026-10' });
  expect(await writer.flagDeleted('orders', [id])).toBe(1);
  await writer.close();
  const after = await read(`SELECT is_deleted, _synced_at::varchar AS at FROM raw_test.orders WHERE id = '${id}'`);
  expect(after[0]!['is_deleted']).toBe(true);
  expect(String(after[0]!['at']) > String(before[0]!['at'])).toBe(true);
  writer = await DuckDbRawWriter.open(path.join(dir, 'w.duckdb'), { schema: 'raw_test', apiVersion: '2026-10' });
});

it('a large file with a line that is not JSON fails the landing, commits nothing and puts the thread count back', async () => {
  // Large files land with `landingThreads`; the instance (shared with the runner) keeps its own setting.
  const db = path.join(dir, 'bad.duckdb');
  const instance = await acquireInstance(db);
  const conn = await instance.connect();
  const threads = async () => Number((await conn.runAndReadAll(`SELECT current_setting('threads')::INTEGER AS n`)).getRowObjectsJson()[0]!['n']);
  await conn.run('SET threads = 2');
  const lines = readFileSync(bulkFixture, 'utf8').trim().split('\n');
  const bad = file('bad.jsonl', []);
  writeFileSync(bad, [...lines.slice(0, 3), '{"__typename":"LineItem","id":', ...lines.slice(3)].join('\n') + '\n');
  const w = await DuckDbRawWriter.open(db, { schema: 'raw_test', apiVersion: '2026-10', keepLinesBelowBytes: 0, landingThreads: 1 });
  await w.ensureTables();
  await expect(w.land(bad)).rejects.toThrow(/JSON/);
  expect((await w.counts()).orders).toBe(0);
  expect(await threads()).toBe(2);
  await w.land(bulkFixture);
  expect((await w.counts()).order_lines).toBe(3);
  expect(await threads()).toBe(2);
  await w.close();
  conn.closeSync();
  releaseInstance(db, instance);
});
