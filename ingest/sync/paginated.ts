// Incremental (and small full) sync of one stream by pages sorted on UPDATED_AT inside a fixed window.
import { IngestError, QueryTooCostly } from '../client/errors.js';
import { sizeFirst } from '../client/pacer.js';
import { pageQuery, type StreamName } from '../queries.js';
import { completeChildren } from './children.js';
import type { StreamSummary, SyncContext } from './context.js';
import type { Json } from './flatten.js';
import { landNodes } from './landing.js';
import { asStreamState, isoSeconds, nextHighWater, windowFilter, type StreamState, type SyncWindow } from './state.js';

interface Page {
  nodes: Json[];
  hasNextPage: boolean;
  endCursor: string | null;
}

const FIRST_PROBE: Record<StreamName, number> = { customers: 50, orders: 3, products: 20 };
const MAX_QUERY_COST = 1000;
/** Backpressure: the producer pauses when this many fetched nodes wait to land. */
const MAX_BUFFERED_NODES = 5000;

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
    let res;
    try {
      res = await ctx.client.query<Record<string, { nodes: Json[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>>(
        query,
        { first, after: after ?? null, query: windowFilter(window) },
        expected,
      );
    } catch (error) {
      // Over the per-query cap: learn the real per-node cost from the error and ask again, smaller.
      if (!(error instanceof QueryTooCostly) || first === 1 || !(error.cost > 0)) throw error;
      observed = { first, requestedCost: error.cost * (MAX_QUERY_COST / error.maxCost) };
      return fetchPage(after);
    }
    if (res.requestedCost) observed = { first, requestedCost: res.requestedCost };
    const conn = res.data[stream]!;
    await completeChildren(ctx.client, stream, conn.nodes, ctx.childSizes);
    return { nodes: conn.nodes, hasNextPage: conn.pageInfo.hasNextPage, endCursor: conn.pageInfo.endCursor };
  };

  // Fetching and landing overlap: a producer fetches pages (paced by the bucket) while the consumer lands
  // whatever has arrived as ONE transaction with the newest page's checkpoint. When landing is slower than
  // fetching, batches grow instead of the bucket sitting idle; a kill loses at most the unlanded pages.
  const queue: Page[] = [];
  const signal = createSignal();
  let fetching = true;
  let fetchError: unknown;
  let stopped = false;
  const buffered = () => queue.reduce((n, p) => n + p.nodes.length, 0);
  void (async () => {
    let after = window.after;
    let first = true;
    for (;;) {
      while (buffered() >= MAX_BUFFERED_NODES && !stopped) await signal.wait();
      if (stopped) return;
      let page: Page;
      try {
        page = await fetchPage(after);
      } catch (error) {
        // A refused saved cursor (expired, server changed): restart the window at the last committed row.
        if (!first || !after || !(error instanceof IngestError) || error.constructor !== IngestError) throw error;
        ctx.log(`${stream}: saved cursor refused, restarting the window at ${window.lastUpdatedAt}`);
        window = { ...window, from: window.lastUpdatedAt ?? window.from, after: null };
        page = await fetchPage(null);
      }
      first = false;
      queue.push(page);
      signal.notify();
      if (!page.hasNextPage) return;
      after = page.endCursor;
    }
  })().then(
    () => ((fetching = false), signal.notify()),
    (error: unknown) => ((fetchError = error), (fetching = false), signal.notify()),
  );

  try {
    for (;;) {
      if (queue.length === 0) {
        if (!fetching) break;
        await signal.wait();
        continue;
      }
      const batch = queue.splice(0);
      signal.notify();
      const nodes = batch.flatMap((p) => p.nodes);
      const lastPage = batch[batch.length - 1]!;
      const last = nodes[nodes.length - 1];
      window = {
        ...window,
        after: lastPage.endCursor ?? window.after,
        lastUpdatedAt: (last?.['updatedAt'] as string | undefined) ?? window.lastUpdatedAt,
        lastId: (last?.['id'] as string | undefined) ?? window.lastId,
        pages: window.pages + batch.length,
        rows: window.rows + nodes.length,
      };
      const done = !lastPage.hasNextPage;
      state = done
        ? { ...state, window: undefined, highWater: nextHighWater(window.to, window.lastUpdatedAt, state.highWater) }
        : { ...state, window };
      await landNodes(ctx.writer, nodes, { state: { stream, cursor: state } });
      ctx.report({ stream, phase: 'pages', records: window.rows });
    }
  } finally {
    stopped = true;
    signal.notify();
  }
  if (fetchError) throw fetchError;
  return { stream, mode: 'paginated', records: window.rows, pages: window.pages, highWater: state.highWater };
}

function createSignal(): { wait(): Promise<void>; notify(): void } {
  let waiters: (() => void)[] = [];
  return {
    wait: () => new Promise<void>((resolve) => waiters.push(resolve)),
    notify: () => {
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve();
    },
  };
}
