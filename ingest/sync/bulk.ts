// Backfill through a bulk operation: Shopify runs the query server-side (no cost bucket) and hands back one
// JSONL file that the warehouse reads directly. The operation id is checkpointed first, so a killed run
// resumes by polling the same operation instead of starting another.
import { createWriteStream, promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { IngestError, IngestTransientError } from '../client/errors.js';
import { sleep } from '../client/retry.js';
import { bulkQuery, type StreamName } from '../queries.js';
import { RootCountMismatch, type LandResult } from '../warehouse/writer.js';
import type { StreamSummary, SyncContext } from './context.js';
import { tempFile } from './landing.js';
import { asStreamState, isoSeconds, nextHighWater, windowFilter, type StreamState } from './state.js';

const RUN = `mutation ClvBulkRun($query: String!) {
  bulkOperationRunQuery(query: $query, groupObjects: false) { bulkOperation { id status } userErrors { field message code } }
}`;
const POLL = `query ClvBulkPoll($id: ID!) {
  bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl }
}`;

interface BulkOperation {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string | number;
  rootObjectCount: string | number;
  url: string | null;
  partialDataUrl: string | null;
}

async function start(ctx: SyncContext, stream: StreamName, to: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const res = await ctx.client.query<{ bulkOperationRunQuery: { bulkOperation: { id: string } | null; userErrors: { message: string }[] } }>(
      RUN,
      { query: bulkQuery(stream, windowFilter({ to })) },
      10,
    );
    const { bulkOperation, userErrors } = res.data.bulkOperationRunQuery;
    if (bulkOperation) return bulkOperation.id;
    const message = userErrors.map((e) => e.message).join('; ');
    // Another operation of this app is running (older API versions allow one at a time): wait for it.
    if (/in progress|already/i.test(message) && attempt < 60) {
      await sleep(2000);
      continue;
    }
    throw new IngestError(`bulk operation for ${stream} was refused: ${message}`);
  }
}

async function poll(ctx: SyncContext, stream: StreamName, id: string): Promise<BulkOperation> {
  let delay = 200;
  for (;;) {
    const res = await ctx.client.query<{ bulkOperation: BulkOperation | null }>(POLL, { id }, 2);
    const op = res.data.bulkOperation;
    if (!op) throw new IngestError(`bulk operation ${id} not found`);
    if (!['CREATED', 'RUNNING', 'CANCELING'].includes(op.status)) return op;
    ctx.report({ stream, phase: `bulk ${op.status.toLowerCase()}`, records: Number(op.objectCount) || 0 });
    await sleep(delay);
    delay = Math.min(5000, delay * 1.5);
  }
}

async function download(url: string, file: string): Promise<void> {
  const local = /^https:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url) ? url.replace(/^https:/, 'http:') : url;
  const response = await fetch(local);
  if (!response.ok || !response.body) throw new IngestTransientError(`bulk result download failed: HTTP ${response.status}`);
  await pipeline(Readable.fromWeb(response.body as WebReadableStream), createWriteStream(file));
}

export async function syncBulk(ctx: SyncContext, stream: StreamName): Promise<StreamSummary> {
  let state: StreamState = asStreamState(await ctx.writer.readState(stream));
  for (let attempt = 1; ; attempt++) {
    if (!state.bulk) {
      const to = isoSeconds(ctx.serverNow() - ctx.lagSeconds * 1000);
      state = { ...state, window: undefined, bulk: { operationId: await start(ctx, stream, to), to } };
      await ctx.writer.writeState(stream, state);
    } else {
      ctx.log(`${stream}: resuming bulk operation ${state.bulk.operationId}`);
    }
    const bulk = state.bulk!;
    const op = await poll(ctx, stream, bulk.operationId);
    const done: StreamState = { ...state, bulk: undefined, highWater: bulk.to, refundLinesPending: stream === 'orders' || undefined };
    if (op.status === 'COMPLETED') {
      const roots = Number(op.rootObjectCount);
      if (!op.url) {
        if (roots > 0) throw new IngestError(`bulk operation ${op.id} completed with ${roots} roots but no url`);
        await ctx.writer.writeState(stream, { ...done, highWater: state.highWater });
        return { stream, mode: 'bulk', records: 0, pages: 0, highWater: state.highWater };
      }
      const file = await tempFile('.jsonl');
      try {
        await download(op.url, file);
        ctx.report({ stream, phase: 'bulk loading', records: roots });
        const cursor = (landed: LandResult): StreamState => ({ ...done, highWater: nextHighWater(bulk.to, landed.newestRootUpdatedAt, state.highWater) });
        const landed = await ctx.writer.land(file, { expectRoots: roots, state: { stream, cursor } });
        ctx.report({ stream, phase: 'bulk landed', records: landed.total });
        return { stream, mode: 'bulk', records: landed.roots, pages: 1, highWater: cursor(landed).highWater };
      } catch (error) {
        // A short file must never advance state (reference section 7): retry the whole operation.
        if (!(error instanceof RootCountMismatch) || attempt >= 3) throw error;
        ctx.log(`${stream}: ${error.message}; rerunning the bulk operation`);
      } finally {
        await fs.rm(file, { force: true });
      }
    } else {
      // FAILED / CANCELED / EXPIRED: nothing was committed for this operation; start a fresh one.
      if (attempt >= 3) {
        throw new IngestTransientError(`bulk operation for ${stream} ended ${op.status} (${op.errorCode ?? 'no error code'}) ${attempt} times`);
      }
      ctx.log(`${stream}: bulk operation ended ${op.status} (${op.errorCode ?? '-'}); starting another`);
    }
    state = { ...state, bulk: undefined };
  }
}
