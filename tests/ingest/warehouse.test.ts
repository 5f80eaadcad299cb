// The DuckDB raw writer on a hand-made node-line file (tests/fixtures/ingest/node-lines.jsonl): routing to
// raw tables, derived ids, newer-wins upserts, orphaned children, the root-count guard and reconciliation.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DuckDbRawWriter } from '../../ingest/warehouse/duckdb.js';
import { RootCountMismatch } from '../../ingest/warehouse/writer.js';

const fixture = path.resolve('tests/fixtures/ingest/node-lines.jsonl');
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
