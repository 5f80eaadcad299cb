// The raw fields the staging models read, taken from models/staging/shopify/*.sql itself (the `paths`
// lists and `json_*('data', '…')` calls), so a parity check follows the models as they change.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { query } from './helpers.js';

const STAGING = path.resolve(import.meta.dirname, '../../models/staging/shopify');

/** raw table → JSON paths of `data` its staging model reads. */
export function stagingPaths(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const file of readdirSync(STAGING).filter((f) => f.endsWith('.sql'))) {
    const sql = readFileSync(path.join(STAGING, file), 'utf8');
    const table = /source\('shopify',\s*'(\w+)'\)/.exec(sql)?.[1];
    if (!table) continue;
    const paths = new Set<string>();
    const list = /set paths = \[([\s\S]*?)\]\s*-?%\}/.exec(sql)?.[1] ?? '';
    for (const m of list.matchAll(/'([^']+)'/g)) paths.add(m[1]!);
    for (const m of sql.matchAll(/json_\w+\('data',\s*'([^']+)'/g)) paths.add(m[1]!);
    out[table] = [...paths].sort();
  }
  return out;
}

/** A customer's spend moves with refunds and cancellations without a customer event or an updatedAt bump,
 * so webhooks never carry it and an incremental sync keeps the value it last saw (marts compute spend from
 * orders, never from this field). */
export const isCustomerSpend = (table: string, p: string): boolean => table === 'customers' && p === 'amountSpent.amount';

/** Typed columns the staging models read besides `data`. */
const KEYS: Record<string, string[]> = {
  orders: ['customer_id'], order_lines: ['order_id'], transactions: ['order_id'], refunds: ['order_id'],
  refund_lines: ['refund_id', 'order_id', 'order_line_id'], discount_applications: ['order_id'], product_variants: ['product_id'],
};

const jsonPath = (p: string) => `$.${p}`;

/** Values as staging sees them: money and counts by value, timestamps as instants, the rest as text. */
function normal(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  if (/^-?\d+(\.\d+)?$/.test(v)) return v.includes('.') ? v.replace(/\.?0+$/, '') : v;
  if (/^\d{4}-\d\d-\d\dT/.test(v) && !Number.isNaN(Date.parse(v))) return new Date(Date.parse(v)).toISOString();
  return v;
}

export type Rows = Record<string, Record<string, unknown>>;

/** id → staging-relevant fields of every row of `table` (optionally only rows whose root is in `roots`). */
export async function stagingRows(db: string, table: string, paths: string[], where = 'true'): Promise<Rows> {
  const cols = [
    'id', 'legacy_resource_id', ...(KEYS[table] ?? []), `strftime(updated_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS updated_at`, 'coalesce(is_deleted, false) AS is_deleted',
    ...paths.map((p) => `json_extract_string(data, '${jsonPath(p)}') AS "${p}"`),
  ];
  const rows = await query<Record<string, unknown>>(db, `SELECT ${cols.join(', ')} FROM raw_shopify."${table}" WHERE ${where} ORDER BY id`);
  const out: Rows = {};
  for (const r of rows) out[String(r['id'])] = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, normal(v)]));
  return out;
}
