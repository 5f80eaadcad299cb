// How a node line finds its raw table: by `__typename`, with the keys it derives from its parent chain.
// Data, so each warehouse renders it in its own SQL.
import type { RawTableName } from './tables.js';

export type IdRule =
  /** The node's own gid. */
  | 'own'
  /** No gid of its own: parent gid + '/' + lineItem gid (refund line items). */
  | 'parent-slash-line-item'
  /** No gid at all: parent gid + '#' + `index` (DiscountApplication.index; else position in the file). */
  | 'parent-hash-index';

export interface Route {
  table: RawTableName;
  /** `__typename`s routed here (DiscountApplication is an interface: its concrete types). */
  typenames: string[];
  id: IdRule;
  /** Key column -> where its value comes from. */
  keys: Record<string, 'parent' | 'grandparent' | 'customer.id' | 'lineItem.id'>;
  /** Levels up to the root whose `updatedAt` the row inherits (0: its own). */
  clockDepth: 0 | 1 | 2;
}

export const ROUTES: readonly Route[] = [
  { table: 'customers', typenames: ['Customer'], id: 'own', keys: {}, clockDepth: 0 },
  { table: 'orders', typenames: ['Order'], id: 'own', keys: { customer_id: 'customer.id' }, clockDepth: 0 },
  { table: 'order_lines', typenames: ['LineItem'], id: 'own', keys: { order_id: 'parent' }, clockDepth: 1 },
  { table: 'transactions', typenames: ['OrderTransaction'], id: 'own', keys: { order_id: 'parent' }, clockDepth: 1 },
  { table: 'refunds', typenames: ['Refund'], id: 'own', keys: { order_id: 'parent' }, clockDepth: 1 },
  {
    table: 'refund_lines',
    typenames: ['RefundLineItem'],
    id: 'parent-slash-line-item',
    keys: { refund_id: 'parent', order_id: 'grandparent', order_line_id: 'lineItem.id' },
    clockDepth: 2,
  },
  {
    table: 'discount_applications',
    typenames: ['DiscountCodeApplication', 'AutomaticDiscountApplication', 'ManualDiscountApplication', 'ScriptDiscountApplication'],
    id: 'parent-hash-index',
    keys: { order_id: 'parent' },
    clockDepth: 1,
  },
  { table: 'products', typenames: ['Product'], id: 'own', keys: {}, clockDepth: 0 },
  { table: 'product_variants', typenames: ['ProductVariant'], id: 'own', keys: { product_id: 'parent' }, clockDepth: 1 },
];

/**
 * Plain list fields (not connections) of a parent. Bulk files keep them inline in the parent's line (Shopify
 * cannot split a list into lines); the writer explodes them into child lines so both shapes land the same.
 */
export const INLINE_LISTS: readonly { parentTypename: string; field: string }[] = [
  { parentTypename: 'Order', field: 'transactions' },
  { parentTypename: 'Order', field: 'refunds' },
];

/**
 * Keys removed from `data` where it is stored as JSON (Snowflake's VARIANT): inline child lists, which land in
 * their own tables. `__typename` (selected by the query) and `__parentId` stay: removing them rewrote every
 * line's JSON and halved the load rate, and paginated rows carry the same keys, so `data` is identical
 * whichever way a row arrived. DuckDB's typed `data` (raw-struct.ts) holds only the selected fields.
 */
export const STRIPPED_KEYS: Record<string, string[]> = { Order: INLINE_LISTS.map((l) => l.field) };
