// A page asks for a few children per parent to keep its cost low; parents with more get follow-up queries
// here, so every landed parent carries its complete set of children (the writer relies on it to drop
// children a parent no longer has).
import type { ShopifyClient } from '../client/shopify.js';
import {
  DISCOUNT_FIELDS,
  REFUND_FIELDS,
  LINE_ITEM_FIELDS,
  REFUND_LINE_FIELDS,
  TRANSACTION_FIELDS,
  VARIANT_FIELDS,
  type ChildSizes,
  type StreamName,
} from '../queries.js';
import { childrenOf, type Json } from './flatten.js';

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

// Page sizes keep each follow-up under the 1000-point cap with the simulator's and Shopify's cost models.
const FOLLOW = { lineItems: 100, discountApplications: 100, refundLineItems: 100, variants: 100 };
/** Refunds per order when a page's list came back full (10 refunds x 8 lines stays under the cap). */
export const REFUNDS_REFETCH = 10;

async function drainConnection(client: ShopifyClient, root: 'order' | 'product' | 'refund', id: string, field: keyof typeof FOLLOW, fields: string, start: { pageInfo?: PageInfo }): Promise<Json[]> {
  const out: Json[] = [];
  let pageInfo = start.pageInfo;
  while (pageInfo?.hasNextPage) {
    // node(id:) rather than order/product/refund(id:): every schema version has it.
    const type = { order: 'Order', product: 'Product', refund: 'Refund' }[root];
    const query = `query ClvFollow($id: ID!, $after: String) { node(id: $id) { ... on ${type} { ${field}(first: ${FOLLOW[field]}, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${fields} } } } } }`;
    const res = await client.query<{ node: Record<string, { pageInfo: PageInfo; nodes: Json[] }> | null }>(query, { id, after: pageInfo.endCursor });
    const conn = res.data.node?.[field];
    if (!conn) break; // the parent vanished meanwhile; reconciliation flags it
    out.push(...conn.nodes);
    pageInfo = conn.pageInfo;
  }
  return out;
}

export async function completeConnection(client: ShopifyClient, root: 'order' | 'product' | 'refund', node: Json, field: keyof typeof FOLLOW, fields: string): Promise<void> {
  const conn = node[field] as { pageInfo?: PageInfo; nodes?: Json[] } | undefined;
  if (!conn?.pageInfo?.hasNextPage) return;
  const more = await drainConnection(client, root, node['id'] as string, field, fields, conn);
  node[field] = { nodes: [...(childrenOf(conn) ?? []), ...more] };
}

/** Plain lists (`transactions`, `refunds`) have no pageInfo: a full list may be truncated, so refetch it whole. */
export async function completeList(client: ShopifyClient, order: Json, field: 'transactions' | 'refunds', asked: number, sizes: ChildSizes): Promise<void> {
  const list = order[field] as Json[] | undefined;
  if (!list || list.length < asked) return;
  const selection =
    field === 'transactions'
      ? `transactions(first: 100) { ${TRANSACTION_FIELDS} }`
      : `refunds(first: ${REFUNDS_REFETCH}) { ${REFUND_FIELDS} refundLineItems(first: ${sizes.refundLines}) { pageInfo { hasNextPage endCursor } nodes { ${REFUND_LINE_FIELDS} } } }`;
  const res = await client.query<{ order: Json | null }>(`query ClvList($id: ID!) { order(id: $id) { ${selection} } }`, { id: order['id'] });
  if (res.data.order) order[field] = res.data.order[field];
}

export async function completeChildren(client: ShopifyClient, stream: StreamName, nodes: Json[], sizes: ChildSizes): Promise<void> {
  for (const node of nodes) {
    if (stream === 'products') await completeConnection(client, 'product', node, 'variants', VARIANT_FIELDS);
    if (stream !== 'orders') continue;
    await completeConnection(client, 'order', node, 'lineItems', LINE_ITEM_FIELDS);
    await completeConnection(client, 'order', node, 'discountApplications', DISCOUNT_FIELDS);
    await completeList(client, node, 'transactions', sizes.transactions, sizes);
    await completeList(client, node, 'refunds', sizes.refunds, sizes);
    for (const refund of (node['refunds'] as Json[] | undefined) ?? []) {
      await completeConnection(client, 'refund', refund, 'refundLineItems', REFUND_LINE_FIELDS);
    }
  }
}
