// Deleted records never appear in list queries, so an id-only scan compares the source's ids with the raw
// table and flags the missing ones `is_deleted` (children too). Cheap: ids cost 1 point per node.
import { promises as fs } from 'node:fs';
import { idsQuery, type StreamName } from '../queries.js';
import type { RawTableName } from '../warehouse/tables.js';
import type { RawWriter } from '../warehouse/writer.js';
import type { SyncContext } from './context.js';
import { tempFile } from './landing.js';
import { asStreamState, isoSeconds } from './state.js';

export async function reconcileDeleted(ctx: SyncContext, stream: StreamName): Promise<number> {
  const file = await tempFile('.ids.jsonl');
  const handle = await fs.open(file, 'w');
  let after: string | null = null;
  let seen = 0;
  try {
    for (;;) {
      const res: { data: Record<string, { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> } =
        await ctx.client.query(idsQuery(stream), { first: 250, after }, 252);
      const conn = res.data[stream]!;
      if (conn.nodes.length) await handle.write(conn.nodes.map((n) => `{"id":${JSON.stringify(n.id)}}\n`).join(''));
      seen += conn.nodes.length;
      ctx.report({ stream, phase: 'reconcile ids', records: seen });
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    await handle.close();
    const { flagged } = await ctx.writer.reconcileIds(stream as RawTableName, file);
    const state = asStreamState(await ctx.writer.readState(stream));
    await ctx.writer.writeState(stream, { ...state, lastReconciledAt: isoSeconds(ctx.serverNow()) });
    return flagged;
  } finally {
    await handle.close().catch(() => undefined);
    await fs.rm(file, { force: true });
  }
}

/** For the webhook receiver: `orders/delete`, `customers/delete`, `products/delete` bodies carry the gid. */
export async function flagDeletedFromWebhook(writer: RawWriter, topic: string, body: { admin_graphql_api_id?: string; id?: number | string }): Promise<number> {
  const table = ({ 'orders/delete': 'orders', 'customers/delete': 'customers', 'products/delete': 'products' } as const)[topic as 'orders/delete'];
  if (!table) throw new Error(`not a delete topic: ${topic}`);
  const type = { orders: 'Order', customers: 'Customer', products: 'Product' }[table];
  const gid = body.admin_graphql_api_id ?? (body.id !== undefined ? `gid://shopify/${type}/${String(body.id)}` : undefined);
  if (!gid) throw new Error(`${topic} body has neither admin_graphql_api_id nor id`);
  return writer.flagDeleted(table, [gid]);
}
