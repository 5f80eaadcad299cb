// Backfill through a bulk operation: Shopify runs the query server-side (no cost bucket) and hands back one
// JSONL file that the warehouse reads directly. The operation id is checkpointed first, so a killed run
// resumes by polling the same operation instead of starting another.
//
// An operation that ends FAILED with INTERNAL_SERVER_ERROR or TIMEOUT keeps its partial file's complete
// roots (reference section 4, "Robustness"; bulk-partial.ts decides which): they land in one transaction
// with a checkpoint naming where the rerun starts, and the rerun covers [that updatedAt, the same `to`].
// So a backfill that fails at 90 % reruns the last 10 %, and a kill between the two resumes at the rerun.
import { promises as fs } from 'node:fs';
import { IngestCallerError, IngestError, IngestTransientError } from '../client/errors.js';
import type { StreamName } from '../queries.js';
import { RootCountMismatch, type LandResult } from '../warehouse/writer.js';
import { downloadBulk, pollBulk, startBulk, type BulkOperation } from './bulk-api.js';
import { cutPartialFile, type PartialCut } from './bulk-partial.js';
import type { StreamSummary, SyncContext } from './context.js';
import { tempFile } from './landing.js';
import { asStreamState, isoSeconds, nextHighWater, windowFilter, type BulkState, type StreamState } from './state.js';

/** Failed operations in a row before a run gives up; the next run resumes where the partial files ended. */
export const MAX_BULK_FAILURES = 5;
/** Completed operations whose file is short of `rootObjectCount` before a run gives up. */
const MAX_SHORT_FILES = 3;
/** Error codes whose partial file Shopify says to keep; ACCESS_DENIED would only fail the same way again. */
const PARTIAL_CODES = new Set(['INTERNAL_SERVER_ERROR', 'TIMEOUT']);

const later = (a?: string, b?: string): string | undefined => (!a ? b : !b ? a : Date.parse(a) >= Date.parse(b) ? a : b);
const ending = (op: BulkOperation): string => `${op.status}${op.errorCode ? ` (${op.errorCode})` : ''}`;

export async function syncBulk(ctx: SyncContext, stream: StreamName): Promise<StreamSummary> {
  let state: StreamState = asStreamState(await ctx.writer.readState(stream));
  let shortFiles = 0;
  for (;;) {
    let bulk: BulkState;
    if (!state.bulk?.operationId) {
      const to = state.bulk?.to ?? isoSeconds(ctx.serverNow() - ctx.lagSeconds * 1000);
      const from = state.bulk?.from;
      if (state.bulk) ctx.log(`${stream}: bulk rerun over ${windowFilter({ from, to })} (${state.bulk.keptRoots ?? 0} roots kept from partial files)`);
      bulk = { ...state.bulk, to, operationId: await startBulk(ctx, stream, { from, to }) };
      state = { ...state, window: undefined, bulk };
      await ctx.writer.writeState(stream, state);
    } else {
      bulk = state.bulk;
      ctx.log(`${stream}: resuming bulk operation ${bulk.operationId}`);
    }
    const op = await pollBulk(ctx, stream, bulk.operationId!);
    if (op.status === 'COMPLETED') {
      try {
        return await landCompleted(ctx, stream, state, bulk, op);
      } catch (error) {
        // A short file must never advance state (reference section 7): rerun the same window.
        if (!(error instanceof RootCountMismatch) || ++shortFiles >= MAX_SHORT_FILES) throw error;
        ctx.log(`${stream}: ${error.message}; rerunning the bulk operation`);
        state = { ...state, bulk: { ...bulk, operationId: undefined } };
        await ctx.writer.writeState(stream, state);
        continue;
      }
    }
    state = await afterFailure(ctx, stream, state, bulk, op);
  }
}

async function landCompleted(ctx: SyncContext, stream: StreamName, state: StreamState, bulk: BulkState, op: BulkOperation): Promise<StreamSummary> {
  const done: StreamState = { ...state, bulk: undefined, refundLinesPending: stream === 'orders' || undefined };
  // Roots kept from partial files count too: the rerun may find nothing newer than them.
  const highWater = (newest: string | undefined) => nextHighWater(bulk.to, later(newest, bulk.newest), state.highWater);
  const kept = bulk.keptRoots ?? 0;
  const roots = Number(op.rootObjectCount);
  if (!op.url) {
    if (roots > 0) throw new IngestError(`bulk operation ${op.id} completed with ${roots} roots but no url`);
    await ctx.writer.writeState(stream, { ...done, highWater: highWater(undefined) });
    return { stream, mode: 'bulk', records: kept, pages: 0, highWater: highWater(undefined) };
  }
  const file = await tempFile('.jsonl');
  try {
    await downloadBulk(op.url, file);
    ctx.report({ stream, phase: 'bulk loading', records: roots });
    const cursor = (landed: LandResult): StreamState => ({ ...done, highWater: highWater(landed.newestRootUpdatedAt) });
    const landed = await ctx.writer.land(file, { expectRoots: roots, state: { stream, cursor } });
    ctx.report({ stream, phase: 'bulk landed', records: landed.total });
    return { stream, mode: 'bulk', records: landed.roots + kept, pages: 1, highWater: cursor(landed).highWater };
  } finally {
    await fs.rm(file, { force: true });
  }
}

/** FAILED / CANCELED / EXPIRED: keep what the partial file vouches for, then set up the next operation. */
async function afterFailure(ctx: SyncContext, stream: StreamName, state: StreamState, bulk: BulkState, op: BulkOperation): Promise<StreamState> {
  if (op.errorCode === 'ACCESS_DENIED') {
    throw new IngestCallerError(`bulk operation for ${stream} ended ${ending(op)}: the token cannot read a field the query selects`, {
      hint: "Grant the app read access to what the query selects (for products' unit costs: read_inventory) in its API access settings, then run again.",
    });
  }
  const failures = (bulk.failures ?? 0) + 1;
  const usable = op.status === 'FAILED' && PARTIAL_CODES.has(op.errorCode ?? '') && op.partialDataUrl;
  const next = usable ? await landPartial(ctx, stream, state, { ...bulk, operationId: undefined, failures }, op) : { ...bulk, operationId: undefined, failures };
  if (!usable) ctx.log(`${stream}: bulk operation ${op.id} ended ${ending(op)} without partial data to keep`);
  if (failures >= MAX_BULK_FAILURES) {
    // The budget is per run: the next run starts afresh from the kept position.
    await ctx.writer.writeState(stream, { ...state, bulk: { ...next, failures: 0 } });
    throw new IngestTransientError(
      `bulk operation for ${stream} ended ${ending(op)}: ${failures} failed operations in a row. ${next.keptRoots ?? 0} roots were kept from partial files; the next run resumes over ${windowFilter(next)}`,
      { hint: 'Run clv ingest again later: it continues the backfill from there.' },
    );
  }
  if (!usable) await ctx.writer.writeState(stream, { ...state, bulk: next });
  return { ...state, bulk: next };
}

/**
 * Lands the partial file's complete roots with the checkpoint for the rerun in the same transaction. No
 * `expectRoots`: a failed operation's counts say how far it got, not what its file holds (it ends at an
 * arbitrary line, and roots that may lack children are left out here), so there is nothing to check them
 * against. The rerun's own file is checked against its `rootObjectCount`.
 */
async function landPartial(ctx: SyncContext, stream: StreamName, state: StreamState, bulk: BulkState, op: BulkOperation): Promise<BulkState> {
  const partial = await tempFile('.jsonl');
  const kept = await tempFile('.jsonl');
  try {
    let cut: PartialCut;
    try {
      await downloadBulk(op.partialDataUrl!, partial);
      cut = await cutPartialFile(partial, stream, kept);
    } catch (error) {
      if (!(error instanceof IngestTransientError)) throw error;
      ctx.log(`${stream}: partial data of bulk operation ${op.id} unavailable (${error.message}); keeping nothing`);
      cut = { file: partial, keptRoots: 0, keptLines: 0, droppedRoots: 0 };
    }
    const base: BulkState = { ...bulk, from: cut.rerunFrom ?? bulk.from, keptRoots: (bulk.keptRoots ?? 0) + cut.keptRoots };
    const cursor = (landed?: LandResult): StreamState => ({ ...state, bulk: { ...base, newest: later(bulk.newest, landed?.newestRootUpdatedAt) } });
    let next = cursor();
    if (cut.keptRoots > 0) next = cursor(await ctx.writer.land(cut.file, { state: { stream, cursor } }));
    else await ctx.writer.writeState(stream, next);
    const why = cut.distrust ? `; kept nothing: ${cut.distrust}` : cut.droppedRoots > 0 ? `, left out the last ${cut.droppedRoots} that may lack children` : '';
    ctx.log(
      `${stream}: bulk operation ${op.id} ended ${ending(op)}; kept ${cut.keptRoots} complete roots (${cut.keptLines} lines) from its partial file${why}; rerunning from updatedAt >= ${next.bulk!.from ?? 'the start'}`,
    );
    return next.bulk!;
  } finally {
    await fs.rm(partial, { force: true });
    await fs.rm(kept, { force: true });
  }
}
