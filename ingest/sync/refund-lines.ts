// Shopify's bulk operations refuse a connection inside a list field, and Order.refunds is a list: a bulk
// file carries refunds but never their refund line items. They are fetched here through their orders
// (`nodes(ids:)` on Order works on every schema), a few orders per query to stay under the cost cap.
import { sizeFirst } from '../client/pacer.js';
import { REFUND_FIELDS, REFUND_LINE_FIELDS } from '../queries.js';
import { completeConnection, completeList } from './children.js';
import type { SyncContext } from './context.js';
import type { Json } from './flatten.js';
import { landNodes } from './landing.js';
import { asStreamState } from './state.js';

/**
 * Fetched refunds land in files of this many (not one file per query): each landing into filled tables runs
 * the general routing, whose fixed cost per statement made a 100k-customer store's ~700 small landings take
 * longer than the fetching. State moves only with the last file; a killed run fetches what is still missing.
 */
const LAND_EVERY_REFUNDS = 20_000;

export async function fetchPendingRefundLines(ctx: SyncContext): Promise<number> {
  const state = asStreamState(await ctx.writer.readState('orders'));
  if (!state.refundLinesPending) return 0;
  const orderIds = [...new Set((await ctx.writer.refundsWithoutLines()).map((r) => r.orderId))];
  const sizes = ctx.childSizes;
  const query = `query ClvRefundLines($ids: [ID!]!) { nodes(ids: $ids) { ... on Order { id refunds(first: ${sizes.refunds}) {
    ${REFUND_FIELDS} refundLineItems(first: ${sizes.refundLines}) { pageInfo { hasNextPage endCursor } nodes { ${REFUND_LINE_FIELDS} } } } } } }`;
  let observed: { first: number; requestedCost: number } | undefined;
  let done = 0;
  let pending: Json[] = [];
  let pendingParents: string[] = [];
  for (let i = 0; i < orderIds.length; ) {
    const batch = orderIds.slice(i, i + sizeFirst(observed, Math.min(1000, ctx.client.bucket()?.maximumAvailable ?? 1000), 2));
    const expected = observed ? Math.ceil((observed.requestedCost * batch.length) / observed.first) : undefined;
    const res = await ctx.client.query<{ nodes: (Json | null)[] }>(query, { ids: batch }, expected);
    if (res.requestedCost) observed = { first: batch.length, requestedCost: res.requestedCost };
    const refunds: Json[] = [];
    const parents: string[] = [];
    for (const order of res.data.nodes) {
      if (!order) continue; // deleted meanwhile; reconciliation flags it
      await completeList(ctx.client, order, 'refunds', sizes.refunds, sizes);
      for (const refund of (order['refunds'] as Json[] | undefined) ?? []) {
        await completeConnection(ctx.client, 'refund', refund, 'refundLineItems', REFUND_LINE_FIELDS);
        refunds.push(refund);
        parents.push(order['id'] as string);
      }
    }
    i += batch.length;
    done += refunds.length;
    pending.push(...refunds);
    pendingParents.push(...parents);
    const cursor = i >= orderIds.length ? { ...state, refundLinesPending: undefined } : undefined;
    if (cursor || pending.length >= LAND_EVERY_REFUNDS) {
      await landNodes(ctx.writer, pending, cursor ? { state: { stream: 'orders', cursor } } : {}, pendingParents);
      pending = [];
      pendingParents = [];
    }
    ctx.report({ stream: 'orders', phase: 'refund lines', records: done });
  }
  if (orderIds.length === 0) await ctx.writer.writeState('orders', { ...state, refundLinesPending: undefined });
  return done;
}
