// Shopify's bulk operations refuse a connection inside a list field, and Order.refunds is a list: a bulk
// file carries refunds but never their refund line items. They are fetched here, batched by refund id.
import { sizeFirst } from '../client/pacer.js';
import { REFUND_FIELDS, REFUND_LINE_FIELDS } from '../queries.js';
import { completeConnection } from './children.js';
import type { SyncContext } from './context.js';
import type { Json } from './flatten.js';
import { landNodes } from './landing.js';
import { asStreamState } from './state.js';

export async function fetchPendingRefundLines(ctx: SyncContext): Promise<number> {
  const state = asStreamState(await ctx.writer.readState('orders'));
  if (!state.refundLinesPending) return 0;
  const missing = await ctx.writer.refundsWithoutLines();
  const size = ctx.childSizes.refundLines;
  const query = `query ClvRefundLines($ids: [ID!]!) { nodes(ids: $ids) { ... on Refund { ${REFUND_FIELDS} refundLineItems(first: ${size}) { pageInfo { hasNextPage endCursor } nodes { ${REFUND_LINE_FIELDS} } } } } }`;
  let observed: { first: number; requestedCost: number } | undefined;
  let done = 0;
  for (let i = 0; i < missing.length; ) {
    const batch = missing.slice(i, i + sizeFirst(observed, Math.min(1000, ctx.client.bucket()?.maximumAvailable ?? 1000), 10));
    const expected = observed ? Math.ceil((observed.requestedCost * batch.length) / observed.first) : undefined;
    const res = await ctx.client.query<{ nodes: (Json | null)[] }>(query, { ids: batch.map((r) => r.id) }, expected);
    if (res.requestedCost) observed = { first: batch.length, requestedCost: res.requestedCost };
    const nodes: Json[] = [];
    const parents: string[] = [];
    for (const [k, node] of res.data.nodes.entries()) {
      if (!node) continue; // deleted with its order meanwhile
      await completeConnection(ctx.client, 'refund', node, 'refundLineItems', REFUND_LINE_FIELDS);
      nodes.push(node);
      parents.push(batch[k]!.orderId);
    }
    i += batch.length;
    done += nodes.length;
    const last = i >= missing.length;
    await landNodes(ctx.writer, nodes, last ? { state: { stream: 'orders', cursor: { ...state, refundLinesPending: undefined } } } : {}, parents);
    ctx.report({ stream: 'orders', phase: 'refund lines', records: done });
  }
  if (missing.length === 0) await ctx.writer.writeState('orders', { ...state, refundLinesPending: undefined });
  return done;
}
