// The bulk-operation calls: start a query over a window, poll it to its end, download a result file.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { IngestError, IngestTransientError } from '../client/errors.js';
import { sleep } from '../client/retry.js';
import { bulkQuery, type StreamName } from '../queries.js';
import type { SyncContext } from './context.js';
import { windowFilter, type SyncWindow } from './state.js';

const RUN = `mutation ClvBulkRun($query: String!) {
  bulkOperationRunQuery(query: $query, groupObjects: false) { bulkOperation { id status } userErrors { field message code } }
}`;
const POLL = `query ClvBulkPoll($id: ID!) {
  bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl }
}`;

export interface BulkOperation {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string | number;
  rootObjectCount: string | number;
  url: string | null;
  partialDataUrl: string | null;
}

/** Starts a bulk query over `updated_at` in [from, to] (both inclusive; no `from`: everything up to `to`). */
export async function startBulk(ctx: SyncContext, stream: StreamName, window: Pick<SyncWindow, 'from' | 'to'>): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const res = await ctx.client.query<{ bulkOperationRunQuery: { bulkOperation: { id: string } | null; userErrors: { message: string }[] } }>(
      RUN,
      { query: bulkQuery(stream, windowFilter(window)) },
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

/** Polls until the operation leaves CREATED/RUNNING/CANCELING. */
export async function pollBulk(ctx: SyncContext, stream: StreamName, id: string): Promise<BulkOperation> {
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

export async function downloadBulk(url: string, file: string): Promise<void> {
  const local = /^https:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url) ? url.replace(/^https:/, 'http:') : url;
  const response = await fetch(local);
  if (!response.ok || !response.body) throw new IngestTransientError(`bulk result download failed: HTTP ${response.status}`);
  await pipeline(Readable.fromWeb(response.body as WebReadableStream), createWriteStream(file));
}
