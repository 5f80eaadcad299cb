// Raw `data` on DuckDB is a STRUCT derived from the ingest queries' selections (ingest/warehouse/raw-struct.ts).
// What must hold: every value a sync receives is kept (a field missing from the derived type would silently
// drop it), dirty shapes land without failing the page, and tables landed as JSON text are converted in place.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { asReceived, createStore, landStore } from '../../bench/models-store.js';
import { rootSelection, selectFields } from '../../bench/selected-fields.js';
import { DuckDbRawWriter } from '../../ingest/warehouse/duckdb.js';
import { staleDataTypesSql } from '../../ingest/warehouse/duckdb-tables.js';
import { parseSelection, rawStructType } from '../../ingest/warehouse/raw-struct.js';
import { ROUTES } from '../../ingest/warehouse/routes.js';
import { DISCOUNT_FIELDS } from '../../ingest/queries.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'clv-raw-struct-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = Record<string, unknown>;
const TABLE_OF = new Map(ROUTES.flatMap((r) => r.typenames.map((t) => [t, r.table] as const)));
/** Connections the queries select: their nodes are rows of other tables. */
const CONNECTIONS = new Set(['lineItems', 'transactions', 'refunds', 'refundLineItems', 'discountApplications', 'variants']);

/** Values without nulls (a STRUCT has every field, null where the node had none), keys sorted. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Json)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, canonical(v)] as const)
      .sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries);
  }
  return value;
}

/** The raw rows a received node makes: itself and every nested node of a routed type, connections removed. */
function rowsOf(node: Json, out: Map<string, string[]>): void {
  const table = TABLE_OF.get(String(node['__typename']));
  const own: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (CONNECTIONS.has(key) && Array.isArray(value)) for (const child of value as Json[]) rowsOf(child, out);
    else own[key] = value;
  }
  if (!table) throw new Error(`no raw table for ${String(node['__typename'])}`);
  out.set(table, [...(out.get(table) ?? []), JSON.stringify(canonical(own))]);
}

async function rawRows(db: string): Promise<Map<string, string[]>> {
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  try {
    const out = new Map<string, string[]>();
    for (const { table } of ROUTES) {
      const rows = (await conn.runAndReadAll(`SELECT to_json(data)::VARCHAR AS j FROM raw_shopify.${table}`)).getRowObjectsJson() as { j: string }[];
      out.set(table, rows.map((r) => JSON.stringify(canonical(JSON.parse(r.j)))));
    }
    return out;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe('typed raw data', () => {
  it('merges inline fragments: a discount application row has every concrete type\'s fields', () => {
    const shape = parseSelection(DISCOUNT_FIELDS);
    expect(Object.keys(shape)).toEqual(expect.arrayContaining(['index', 'allocationMethod', 'value', 'code', 'title']));
    expect(shape['value']).toEqual({ __typename: null, amount: null, currencyCode: null, percentage: null });
    expect(rawStructType('order_lines')).toMatch(/"quantity" BIGINT/);
    expect(rawStructType('orders')).toMatch(/"tags" VARCHAR\[\]/);
  });

  it('keeps every value a sync receives, in every raw table', async () => {
    const db = path.join(dir, 'store.duckdb');
    const store = createStore({ customers: 60, seed: 5 });
    await landStore(db, store);
    const expected = new Map<string, string[]>();
    const received = (stream: 'customers' | 'orders' | 'products', node: Json) => selectFields(asReceived(node), rootSelection(stream)) as Json;
    for (let i = 0; i < store.data.customers.count; i++) rowsOf(received('customers', store.customerNode(i)), expected);
    for (let i = 0; i < store.catalog.products.length; i++) rowsOf(received('products', store.productNode(i)), expected);
    for (let i = 0; i < store.data.orders.count; i++) rowsOf(received('orders', store.orderNode(i)), expected);
    const landed = await rawRows(db);
    for (const { table } of ROUTES) {
      const want = expected.get(table) ?? [];
      const got = landed.get(table) ?? [];
      expect(want.length, table).toBeGreaterThan(0);
      expect(got.length, table).toBe(want.length);
      // a few rows of each side's difference: a whole table's diff would drown the message
      const missing = want.filter((j) => !got.includes(j)).slice(0, 2);
      const extra = got.filter((j) => !want.includes(j)).slice(0, 2);
      expect({ table, missing, extra }).toEqual({ table, missing: [], extra: [] });
    }
    // not vacuous: nested objects, typed leaves and lists came through
    expect(landed.get('orders')!.some((j) => j.includes('"utmParameters"') && j.includes('"customerOrderIndex":'))).toBe(true);
    expect(landed.get('order_lines')!.some((j) => /"quantity":\d/.test(j))).toBe(true);
  }, 120_000);

  it('lands a node with fields of the wrong shape, losing only those fields', async () => {
    const db = path.join(dir, 'dirty.duckdb');
    const writer = await DuckDbRawWriter.open(db, { schema: 'raw_shopify', apiVersion: '2026-10' });
    await writer.ensureTables();
    const file = path.join(dir, 'dirty.jsonl');
    const order = { __typename: 'Order', id: 'gid://shopify/Order/9', updatedAt: '2026-01-02T00:00:00Z', name: '#9', customer: 'gid://shopify/Customer/1', tags: 'vip, wholesale', test: 'false', notSelected: 1 };
    const line = { __typename: 'LineItem', id: 'gid://shopify/LineItem/90', __parentId: order.id, quantity: 'three', sku: 42 };
    writeFileSync(file, `${JSON.stringify(order)}\n${JSON.stringify(line)}\n`);
    await writer.land(file);
    await writer.close();
    const instance = await DuckDBInstance.create(db);
    const conn = await instance.connect();
    const [o] = (await conn.runAndReadAll(`SELECT data.name AS name, data.customer.id AS customer, data.tags AS tags, data.test AS test, to_json(data)::VARCHAR AS j FROM raw_shopify.orders`)).getRowObjectsJson() as Json[];
    const [l] = (await conn.runAndReadAll(`SELECT data.quantity AS quantity, data.sku AS sku FROM raw_shopify.order_lines`)).getRowObjectsJson() as Json[];
    conn.closeSync();
    instance.closeSync();
    expect(o).toMatchObject({ name: '#9', customer: null, tags: null, test: false });
    expect(String(o!['j'])).not.toContain('notSelected');
    expect(l).toEqual({ quantity: null, sku: '42' });
  });

  it('converts raw tables landed as JSON text in place, keeping their values', async () => {
    const db = path.join(dir, 'old.duckdb');
    const instance = await DuckDBInstance.create(db);
    const conn = await instance.connect();
    await conn.run(`CREATE SCHEMA raw_shopify; CREATE TABLE raw_shopify.orders (id VARCHAR PRIMARY KEY, legacy_resource_id VARCHAR, updated_at TIMESTAMPTZ,
      data JSON, is_deleted BOOLEAN DEFAULT false, _synced_at TIMESTAMPTZ, _source_api_version VARCHAR, customer_id VARCHAR)`);
    await conn.run(`INSERT INTO raw_shopify.orders VALUES ('gid://shopify/Order/1', '1', '2025-01-01', '{"__typename":"Order","id":"gid://shopify/Order/1","name":"#1001","tags":["a"],"totalPriceSet":{"shopMoney":{"amount":"12.50","currencyCode":"EUR"}}}', false, now(), '2025-07', NULL)`);
    conn.closeSync();
    instance.closeSync();
    const writer = await DuckDbRawWriter.open(db, { schema: 'raw_shopify', apiVersion: '2026-10' });
    await writer.ensureTables();
    await writer.ensureTables(); // a second run finds nothing to convert
    await writer.close();
    const again = await DuckDBInstance.create(db);
    const c = await again.connect();
    const [row] = (await c.runAndReadAll(`SELECT data.name AS name, data.totalPriceSet.shopMoney.amount AS amount, data.tags AS tags FROM raw_shopify.orders`)).getRowObjectsJson() as Json[];
    const stale = (await c.runAndReadAll(staleDataTypesSql('raw_shopify'))).getRowObjectsJson();
    c.closeSync();
    again.closeSync();
    expect(row).toEqual({ name: '#1001', amount: '12.50', tags: ['a'] });
    expect(stale).toEqual([]);
  });
});
