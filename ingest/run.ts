// `runIngest`: the programmatic entry used by `clv ingest` and `clv demo`. Scope check, then per stream a
// bulk backfill or paginated sync, then deleted-record reconciliation; returns a plain summary.
import { IngestError } from './client/errors.js';
import { createShopifyClient, DEFAULT_API_VERSION, type ClientStats } from './client/shopify.js';
import type { RetryPolicy } from './client/retry.js';
import { budgetUsed, createProgress } from './progress.js';
import { DEFAULT_CHILD_SIZES, STREAMS, type ChildSizes, type StreamName } from './queries.js';
import { syncBulk } from './sync/bulk.js';
import type { StreamSummary, SyncContext } from './sync/context.js';
import { syncPaginated } from './sync/paginated.js';
import { reconcileDeleted } from './sync/reconcile.js';
import { fetchPendingRefundLines } from './sync/refund-lines.js';
import { checkScopes } from './sync/scopes.js';
import { asStreamState } from './sync/state.js';
import { DuckDbRawWriter } from './warehouse/duckdb.js';
import type { RawTableName } from './warehouse/tables.js';
import type { RawWriter } from './warehouse/writer.js';

export interface IngestOptions {
  shop: string;
  accessToken: string;
  apiVersion?: string;
  /** DuckDB database file; ignored when `writer` is given. */
  database?: string;
  /** A ready writer (e.g. Snowflake through the runner's adapter, later). */
  writer?: RawWriter;
  schema?: string;
  streams?: StreamName[];
  fullRefresh?: boolean;
  /** Backfill with a bulk operation when the stream has at least this many records (unknown count: bulk). */
  bulkThreshold?: number;
  lagSeconds?: number;
  lookbackSeconds?: number;
  allowPartialHistory?: boolean;
  /** 'auto': when the last reconciliation is older than `reconcileEveryHours`. */
  reconcile?: 'auto' | 'always' | 'never';
  reconcileEveryHours?: number;
  childSizes?: Partial<ChildSizes>;
  retry?: RetryPolicy;
  timeoutMs?: number;
  output?: NodeJS.WritableStream & { isTTY?: boolean };
  tty?: boolean;
}

export interface IngestSummary {
  shop: string;
  apiVersion: string;
  schema: string;
  database?: string;
  streams: StreamSummary[];
  rows: Record<RawTableName, number>;
  deletedFlagged: Partial<Record<StreamName, number>>;
  stats: ClientStats;
  /** Actual cost spent / (restore rate × elapsed): 1.0 means the bucket's whole refill was used. */
  budgetUsed?: number;
  elapsedMs: number;
  warnings: string[];
}

async function countRecords(ctx: SyncContext, stream: StreamName): Promise<number | undefined> {
  try {
    const res = await ctx.client.query<Record<string, { count: number }>>(`query ClvCount { ${stream}Count { count } }`, {}, 1);
    return Number(res.data[`${stream}Count`]?.count);
  } catch (error) {
    if (error instanceof IngestError && error.exitCode === 1) return undefined; // schema without *Count
    throw error;
  }
}

export async function runIngest(options: IngestOptions): Promise<IngestSummary> {
  const started = Date.now();
  const schema = options.schema ?? 'raw_shopify';
  const streams = options.streams ?? [...STREAMS];
  const out = options.output ?? process.stderr;
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    progress.log(message);
  };
  const client = createShopifyClient(
    { shop: options.shop, accessToken: options.accessToken, apiVersion: options.apiVersion ?? DEFAULT_API_VERSION },
    { retry: options.retry, timeoutMs: options.timeoutMs, warn: (m) => warn(m) },
  );
  const progress = createProgress(out, () => client.stats(), options.tty);
  // Scopes first: a bad token or missing scope stops before the warehouse is touched.
  const scopes = await checkScopes(client, streams, { allowPartialHistory: options.allowPartialHistory ?? false, warn });
  let serverAt = scopes.serverTime ?? Date.now();
  const localAt = Date.now();
  if (!options.writer && !options.database) throw new IngestError('no warehouse: pass a DuckDB database path or a writer');
  const writer = options.writer ?? (await DuckDbRawWriter.open(options.database!, { schema, apiVersion: client.apiVersion }));
  const ctx: SyncContext = {
    client,
    writer,
    childSizes: { ...DEFAULT_CHILD_SIZES, ...options.childSizes },
    lagSeconds: options.lagSeconds ?? 300,
    lookbackSeconds: options.lookbackSeconds ?? 600,
    serverNow: () => serverAt + (Date.now() - localAt),
    report: (p) => progress.report(p),
    log: (m) => progress.log(m),
  };
  try {
    await writer.ensureTables();
    const summaries: StreamSummary[] = [];
    const deletedFlagged: Partial<Record<StreamName, number>> = {};
    for (const stream of streams) {
      if (options.fullRefresh) await writer.writeState(stream, {});
      const state = asStreamState(await writer.readState(stream));
      const backfill = !state.highWater && !state.window;
      let useBulk = Boolean(state.bulk);
      if (backfill && !useBulk) {
        const threshold = options.bulkThreshold ?? 10_000;
        if (threshold <= 0) useBulk = true;
        else if (Number.isFinite(threshold)) {
          const count = await countRecords(ctx, stream);
          useBulk = count === undefined || count >= threshold;
        }
      }
      summaries.push(useBulk ? await syncBulk(ctx, stream) : await syncPaginated(ctx, stream));
      if (stream === 'orders') await fetchPendingRefundLines(ctx);
      const after = asStreamState(await writer.readState(stream));
      const last = after.lastReconciledAt ? Date.parse(after.lastReconciledAt) : undefined;
      const due =
        options.reconcile === 'always' ||
        (options.reconcile !== 'never' && !backfill && (last === undefined || ctx.serverNow() - last > (options.reconcileEveryHours ?? 24) * 3600_000));
      // Without read_all_orders older orders are invisible, not deleted: never flag them.
      if (stream !== 'products' && due && (stream !== 'orders' || scopes.fullOrderHistory)) {
        deletedFlagged[stream] = await reconcileDeleted(ctx, stream);
      } else if (backfill) {
        await writer.writeState(stream, { ...after, lastReconciledAt: after.highWater });
      }
    }
    progress.done();
    const stats = client.stats();
    const elapsedMs = Date.now() - started;
    return {
      shop: options.shop,
      apiVersion: client.apiVersion,
      schema,
      database: options.database,
      streams: summaries,
      rows: await writer.counts(),
      deletedFlagged,
      stats,
      budgetUsed: budgetUsed(stats, elapsedMs),
      elapsedMs,
      warnings,
    };
  } finally {
    if (!options.writer) await writer.close();
  }
}
