// The raw table contract (/tmp/team/raw_contract.md): ingest writes these, staging models read them.
// Plain data so every warehouse implementation renders the same tables.

export type RawTableName =
  | 'customers'
  | 'orders'
  | 'order_lines'
  | 'transactions'
  | 'refunds'
  | 'refund_lines'
  | 'discount_applications'
  | 'products'
  | 'product_variants';

export interface RawTable {
  name: RawTableName;
  /** Typed key columns beyond the common ones, all VARCHAR. */
  keys: string[];
  /** Parent table whose `updated_at` the rows inherit (child rows have no clock of their own). */
  parent?: RawTableName;
}

export const RAW_TABLES: readonly RawTable[] = [
  { name: 'customers', keys: [] },
  { name: 'orders', keys: ['customer_id'] },
  { name: 'order_lines', keys: ['order_id'], parent: 'orders' },
  { name: 'transactions', keys: ['order_id'], parent: 'orders' },
  { name: 'refunds', keys: ['order_id'], parent: 'orders' },
  { name: 'refund_lines', keys: ['refund_id', 'order_id', 'order_line_id'], parent: 'orders' },
  { name: 'discount_applications', keys: ['order_id'], parent: 'orders' },
  { name: 'products', keys: [] },
  { name: 'product_variants', keys: ['product_id'], parent: 'products' },
];

export const COMMON_COLUMNS = [
  ['id', 'VARCHAR'],
  ['legacy_resource_id', 'VARCHAR'],
  ['updated_at', 'TIMESTAMPTZ'],
  ['data', 'JSON'],
  ['is_deleted', 'BOOLEAN'],
  ['_synced_at', 'TIMESTAMPTZ'],
  ['_source_api_version', 'VARCHAR'],
] as const;

export const SYNC_STATE_TABLE = '_sync_state';

export function rawTable(name: RawTableName): RawTable {
  const table = RAW_TABLES.find((t) => t.name === name);
  if (!table) throw new Error(`unknown raw table ${name}`);
  return table;
}

/** The key column by which a parent's child tables point at it (`order_lines.order_id` → `orders.id`). */
export const foreignKeyTo = (parent: RawTableName): string => (parent === 'orders' ? 'order_id' : 'product_id');

/** Column names of a raw table in DDL order. */
export function columnsOf(table: RawTable): string[] {
  return [...COMMON_COLUMNS.map(([name]) => name), ...table.keys];
}
