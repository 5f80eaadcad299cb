// Incremental (and small full) sync of one stream by pages sorted on UPDATED_AT inside a fixed window.
import { IngestError } from '../client/errors.js';
import { sizeFirst } from '../client/pacer.js';
import { pageQuery, type StreamName } from '../queries.js';
import { completeChildren } from './children.js';
import type { StreamSummary, SyncContext } from './context.js';
import type { Json } from './flatten.js';
import { landNodes } from './landing.js';
import { asStreamState, isoSeconds, windowFilter, type StreamState, type SyncWindow } from './state.js';

interface Page {
  nodes: Json[];
  hasNextPage: boolean;
  endCursor: string | null;
}

const FIRST_PROBE: Record<StreamName, number> = { customers: 50, orders: 5, products: 20 };
const MAX_QUERY_COST = 1000;

export function openWindow(ctx: SyncContext, state: StreamState): SyncWindow {
  const to = isoSeconds(ctx.serverNow() - ctx.lagSeconds * 1000);
  const from = state.highWater ? isoSeconds(Date.parse(state.highWater) - ctx.lookbackSeconds * 1000) : undefined;
  return { from, to, after: null, pages: 0, rows: 0 };
}

export async function syncPaginated(ctx: SyncContext, stream: StreamName): Promise<StreamSummary> {
  let state = asStreamState(await ctx.writer.readState(stream));
  let window = state.window ?? openWindow(ctx, state);
  if (state.window) ctx.log(`${stream}: resuming window ${windowFilter(window)} after ${window.pages} committed pages`);
  const query = pageQuery(stream, ctx.childSizes);
  let observed: { first: number; requestedCost: number } | undefined;
  const limit = () => Math.min(MAX_QUERY_COST, ctx.client.bucket()?.maximumAvailable ?? MAX_QUERY_COST);

  const fetchPage = async (after: string | null | undefined): Promise<Page> => {
    const first = sizeFirst(observed, limit(), FIRST_PROBE[stream]);
    const expected = observed ? Math.ceil((observed.requestedCost * first) / observed.first) : undefined;
    const res = await ctx.client.query<Record<string, { nodes: Json[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>>(
      query,
      { first, after: after ?? null, query: windowFilter(window) },
      expected,
    );
    if (res.requestedCost) observed = { first, requestedCost: res.requestedCost };
    const conn = res.data[stream]!;
    await completeChildren(ctx.client, stream, conn.nodes, ctx.childSizes);
    return { nodes: conn.nodes, hasNextPage: conn.pageInfo.hasNextPage, endCursor: conn.pageInfo.endCursor };
  };

  let next: Promise<Page>;
  try {
    next = fetchPage(window.after);
    await next;
  } catch (error) {
    if (!(error instanceof IngestError) || !window.after || error.constructor !== IngestError) throw error;
    // The saved cursor was refused (expired, server changed): restart the window at the last committed row.
    ctx.log(`${stream}: saved cursor refused, restarting the window at ${window.lastUpdatedAt}`);
    window = { ...window, from: window.lastUpdatedAt ?? window.from, after: null };
    next = fetchPage(null);
  }

  for (;;) {
    const page = await next;
    // Fetch the next page while this one lands: the bucket keeps restoring either way.
    if (page.hasNextPage) {
      next = fetchPage(page.endCursor);
      next.catch(() => undefined); // awaited below; a rejection while landing is not "unhandled"
    }
    const last = page.nodes[page.nodes.length - 1];
    window = {
      ...window,
      after: page.endCursor ?? window.after,
      lastUpdatedAt: (last?.['updatedAt'] as string | undefined) ?? window.lastUpdatedAt,
      lastId: (last?.['id'] as string | undefined) ?? window.lastId,
      pages: window.pages + 1,
      rows: window.rows + page.nodes.length,
    };
    const done = !page.hasNextPage;
    state = done ? { ...state, window: undefined, highWater: window.to } : { ...state, window };
    await landNodes(ctx.writer, page.nodes, { state: { stream, cursor: state } });
    ctx.report({ stream, phase: 'pages', records: window.rows });
    if (done) break;
  }
  return { stream, mode: 'paginated', records: window.rows, pages: window.pages, highWater: state.highWater };
}
