// Expected raw tables computed from the simulator's own store (its truth), in the shape the tests compare.
import { DuckDBInstance } from '@duckdb/node-api';
import type { SimulatedStore } from '../../ingest/simulator/index.js';

type Json = Record<string, unknown>;
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : ((v as { nodes?: Json[] })?.nodes ?? []));
const cents = (bag: unknown): number => Math.round(Number((bag as { shopMoney: { amount: string } }).shopMoney.amount) * 100);
const secs = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

export interface TableDigest {
  rows: number;
  /** Sorted `id|updated_at epoch` (roots) or `id|parent` (children), joined. */
  keys: string;
  /** Money checksum in cents where the table has one. */
  cents?: number;
}

export function truthDigest(store: SimulatedStore): Record<string, TableDigest> {
  const orders: string[] = [];
  const lines: string[] = [];
  const tx: string[] = [];
  const refunds: string[] = [];
  const refundLines: string[] = [];
  const discounts: string[] = [];
  let total = 0;
  for (let i = 0; i < store.data.orders.count; i++) {
    if (store.isOrderDeleted(i)) continue;
    const o = store.orderNode(i);
    const id = o['id'] as string;
    orders.push(`${id}|${secs(o['updatedAt'] as string)}`);
    total += cents(o['totalPriceSet']);
    for (const l of list(o['lineItems'])) lines.push(`${l['id']}|${id}`);
    for (const t of list(o['transactions'])) tx.push(`${t['id']}|${id}`);
    list(o['discountApplications']).forEach((d, k) => discounts.push(`${id}#${d['index'] ?? k}|${id}`));
    for (const r of list(o['refunds'])) {
      refunds.push(`${r['id']}|${id}`);
      for (const rl of list(r['refundLineItems'])) refundLines.push(`${r['id']}/${(rl['lineItem'] as Json)['id']}|${id}`);
    }
  }
  const customers: string[] = [];
  for (let c = 0; c < store.data.customers.count; c++) {
    if (store.isCustomerDeleted(c)) continue;
    const node = store.customerNode(c);
    customers.push(`${node['id']}|${secs(node['updatedAt'] as string)}`);
  }
  const products: string[] = [];
  const variants: string[] = [];
  store.catalog.products.forEach((_, p) => {
    const node = store.productNode(p);
    products.push(`${node['id']}|${secs(node['updatedAt'] as string)}`);
    const vs = typeof node['variants'] === 'function' ? (node['variants'] as () => Json[])() : list(node['variants']);
    for (const v of vs) variants.push(`${v['id']}|${node['id']}`);
  });
  const digest = (keys: string[], c?: number): TableDigest => ({ rows: keys.length, keys: keys.sort().join(','), ...(c === undefined ? {} : { cents: c }) });
  return {
    customers: digest(customers),
    orders: digest(orders, total),
    order_lines: digest(lines),
    transactions: digest(tx),
    refunds: digest(refunds),
    refund_lines: digest(refundLines),
    discount_applications: digest(discounts),
    products: digest(products),
    product_variants: digest(variants),
  };
}

const PARENT_COL: Record<string, string> = {
  order_lines: 'order_id', transactions: 'order_id', refunds: 'order_id', refund_lines: 'order_id',
  discount_applications: 'order_id', product_variants: 'product_id',
};

/** The same digest read from the raw tables (rows not flagged deleted). */
export async function warehouseDigest(database: string, schema = 'raw_shopify'): Promise<Record<string, TableDigest>> {
  const instance = await DuckDBInstance.create(database);
  const conn = await instance.connect();
  try {
    const out: Record<string, TableDigest> = {};
    for (const table of ['customers', 'orders', 'order_lines', 'transactions', 'refunds', 'refund_lines', 'discount_applications', 'products', 'product_variants']) {
      const key = PARENT_COL[table] ? `id || '|' || ${PARENT_COL[table]}` : `id || '|' || CAST(epoch(updated_at) AS BIGINT)`;
      const money = table === 'orders' ? `, CAST(sum(CAST(data->'totalPriceSet'->'shopMoney'->>'amount' AS DECIMAL(18,2))) * 100 AS BIGINT) AS cents` : '';
      const rows = (await conn.runAndReadAll(
        `SELECT count(*)::INTEGER AS n, coalesce(string_agg(${key}, ',' ORDER BY ${key}), '') AS keys${money} FROM ${schema}.${table} WHERE NOT is_deleted`,
      )).getRowObjectsJson() as { n: number; keys: string; cents?: string }[];
      const r = rows[0]!;
      out[table] = { rows: r.n, keys: r.keys, ...(table === 'orders' ? { cents: Number(r.cents ?? 0) } : {}) };
    }
    return out;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Row counts only, for readable failure messages next to the full comparison. */
export const countsOf = (d: Record<string, TableDigest>) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.rows]));

export interface ContentDigest {
  rows: number;
  /** Ids stored more than once (0 unless a key is missing). */
  duplicateIds: number;
  /** md5 over every row (all columns but the load time `_synced_at`), in id order. */
  md5: string;
}

/** Whole-row checksums per raw table, flagged rows included: stricter than `warehouseDigest`'s keys. */
export async function contentDigest(database: string, schema = 'raw_shopify'): Promise<Record<string, ContentDigest>> {
  const instance = await DuckDBInstance.create(database);
  const conn = await instance.connect();
  try {
    const out: Record<string, ContentDigest> = {};
    for (const table of Object.keys(PARENT_COL).concat(['customers', 'orders', 'products'])) {
      const rows = (await conn.runAndReadAll(
        `SELECT count(*)::INTEGER AS n, (count(*) - count(DISTINCT id))::INTEGER AS dup, md5(coalesce(string_agg(CAST(to_json(r) AS VARCHAR), chr(10) ORDER BY r.id), '')) AS md5
         FROM (SELECT * EXCLUDE (_synced_at) FROM ${schema}.${table}) r`,
      )).getRowObjectsJson() as { n: number; dup: number; md5: string }[];
      out[table] = { rows: rows[0]!.n, duplicateIds: rows[0]!.dup, md5: rows[0]!.md5 };
    }
    return out;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
