// A bulk operation that ends FAILED keeps its partial file's complete roots and reruns only the rest
// (reference section 4, "Robustness"): the raw tables end exactly as after an uninterrupted backfill.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestCallerError, IngestTransientError } from '../../ingest/client/errors.js';
import { startSimulator, type BulkOperationRecord, type RunningSimulator } from '../../ingest/simulator/index.js';
import { runIngest, type IngestOptions } from '../../ingest/run.js';
import { MAX_BULK_FAILURES } from '../../ingest/sync/bulk.js';
import { asStreamState } from '../../ingest/sync/state.js';
import { DuckDbRawWriter } from '../../ingest/warehouse/duckdb.js';
import type { LandOptions } from '../../ingest/warehouse/writer.js';
import { contentDigest, countsOf, truthDigest, warehouseDigest } from './truth.js';

type Line = { id: string; updatedAt?: string; __parentId?: string };

let sim: RunningSimulator;
let dir: string;
const db = (name: string) => path.join(dir, `${name}.duckdb`);

/** Runs an ingest, returning its log lines too. */
async function ingest(database: string | undefined, extra: Partial<IngestOptions> = {}) {
  let log = '';
  const output = { write: (chunk: string) => ((log += chunk), true) } as unknown as NodeJS.WritableStream;
  const summary = await runIngest({ shop: sim.shop, accessToken: sim.accessToken, database, output, tty: false, lagSeconds: 0, bulkThreshold: 0, ...extra }).catch((error: unknown) => {
    throw Object.assign(error as Error, { log });
  });
  return { summary, log };
}

const opsOf = (stream: string, since: number): BulkOperationRecord[] => sim.bulkOperations().slice(since).filter((op) => op.query.startsWith(`{ ${stream}(`));
const fromOf = (op: BulkOperationRecord) => /updated_at:>='([^']+)'/.exec(op.query)?.[1];
const toOf = (op: BulkOperationRecord) => /updated_at:<='([^']+)'/.exec(op.query)?.[1];
const fileLines = async (url: string): Promise<Line[]> => (await (await fetch(url)).text()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);

/** Children per root id in a bulk file. */
function childCounts(lines: Line[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const l of lines) if (l.__parentId) counts.set(l.__parentId, (counts.get(l.__parentId) ?? 0) + 1);
  return counts;
}

async function expectSameAsUninterrupted(database: string): Promise<void> {
  const truth = truthDigest(sim.store);
  const actual = await warehouseDigest(database);
  expect(countsOf(actual)).toEqual(countsOf(truth));
  expect(actual).toEqual(truth);
  const content = await contentDigest(database);
  expect(content).toEqual(await contentDigest(db('clean')));
  for (const [table, d] of Object.entries(content)) expect(d.duplicateIds, table).toBe(0);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'clv-bulk-failure-'));
  sim = await startSimulator({ customers: 150, seed: 11, port: 0, restoreRateScale: 20 });
  await ingest(db('clean'));
});

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a bulk operation that ends FAILED with partial data', () => {
  it('lands the complete roots, reruns from the oldest root that may lack children, and ends as an uninterrupted backfill', async () => {
    const since = sim.bulkOperations().length;
    // Orders fail 60 % into their output: inside the children, so the last roots lack some or all of theirs.
    sim.setFaults({ bulkFailureCount: 1, bulkFailureAt: 0.6 });
    const orders = await ingest(db('failed'), { streams: ['orders'] });
    // Customers fail with TIMEOUT: no child lines, every root of the partial file is complete.
    sim.setFaults({ bulkFailureCount: 1, bulkFailureAt: 0.5, bulkFailureCode: 'TIMEOUT' });
    const others = await ingest(db('failed'), { streams: ['customers', 'products'] });
    sim.setFaults({});

    const [failed, rerun, ...more] = opsOf('orders', since);
    expect([failed?.status, failed?.errorCode, rerun?.status, more.length]).toEqual(['FAILED', 'INTERNAL_SERVER_ERROR', 'COMPLETED', 0]);
    const partial = await fileLines(failed!.partialDataUrl!);
    const roots = partial.filter((l) => !l.__parentId);
    const at = (r: Line) => Date.parse(r.updatedAt!);
    // The rerun's window starts at an updatedAt the partial file holds, inclusive, and keeps the first
    // operation's upper bound: nothing above it is left to a later run.
    const from = fromOf(rerun!)!;
    expect(fromOf(failed!)).toBeUndefined();
    expect(roots.some((r) => r.updatedAt === from)).toBe(true);
    expect(toOf(rerun!)).toBe(toOf(failed!));
    // The cut was a realistic one (the complete file's first lines, ending mid-batch with roots short of
    // children), and every root it left short of children is read again, the last child's parent too.
    const complete = await fileLines(opsOf('orders', 0)[0]!.url!);
    expect(complete.slice(0, partial.length)).toEqual(partial);
    const full = childCounts(complete);
    const got = childCounts(partial);
    const short = roots.filter((r) => (got.get(r.id) ?? 0) < (full.get(r.id) ?? 0));
    expect(short.length).toBeGreaterThan(0);
    for (const r of short) expect(at(r)).toBeGreaterThanOrEqual(Date.parse(from));
    const lastParent = [...partial].reverse().find((l) => l.__parentId)!.__parentId;
    expect(at(roots.find((r) => r.id === lastParent)!)).toBeGreaterThanOrEqual(Date.parse(from));
    // Yet most of the file is kept: the rerun reads again at most one simulator batch (500 roots, the lag
    // between a root and its children there) beyond the roots that were short.
    const kept = Number(/kept (\d+) complete roots/.exec(orders.log)?.[1]);
    expect(kept).toBeGreaterThanOrEqual(roots.filter((r) => at(r) < Date.parse(from)).length);
    expect(kept).toBeGreaterThan(0);
    expect(roots.filter((r) => at(r) >= Date.parse(from)).length).toBeLessThanOrEqual(short.length + 500);
    expect(orders.log).toMatch(new RegExp(`ended FAILED \\(INTERNAL_SERVER_ERROR\\); kept ${kept} complete roots \\(\\d+ lines\\) from its partial file, left out the last ${roots.length - kept} that may lack children; rerunning from updatedAt >= ${from}`));

    const [timedOut, customersRerun] = opsOf('customers', since);
    expect(timedOut?.errorCode).toBe('TIMEOUT');
    const customers = (await fileLines(timedOut!.partialDataUrl!)).filter((l) => !l.__parentId);
    expect(customers.length).toBeGreaterThan(0);
    expect(fromOf(customersRerun!)).toBe(customers[customers.length - 1]!.updatedAt);
    expect(others.log).toMatch(new RegExp(`kept ${customers.length} complete roots`));

    await expectSameAsUninterrupted(db('failed'));
  });

  it('a crash after the partial landing resumes with the rerun, not from scratch', async () => {
    const database = db('crashed');
    const writer = await DuckDbRawWriter.open(database, { schema: 'raw_shopify', apiVersion: sim.apiVersion });
    // The process "dies" right after the partial file and its checkpoint committed.
    const land = writer.land.bind(writer);
    writer.land = async (file: string, options?: LandOptions) => {
      const landed = await land(file, options);
      const cursor = options?.state?.cursor;
      const state = asStreamState(typeof cursor === 'function' ? cursor(landed) : cursor);
      if (state.bulk && !state.bulk.operationId) throw new Error('killed after the partial landing');
      return landed;
    };
    const since = sim.bulkOperations().length;
    sim.setFaults({ bulkFailureCount: 1, bulkFailureAt: 0.7 });
    try {
      await expect(ingest(undefined, { writer, streams: ['orders'] })).rejects.toThrow(/killed after the partial landing/);
    } finally {
      sim.setFaults({});
      await writer.close();
    }
    const [failed, ...none] = opsOf('orders', since);
    expect([failed?.status, none.length]).toEqual(['FAILED', 0]);

    const resumed = await ingest(database);
    const [rerun, ...others] = opsOf('orders', since + 1);
    expect(others).toEqual([]);
    expect(fromOf(rerun!)).toMatch(/^\d{4}-/);
    expect(toOf(rerun!)).toBe(toOf(failed!));
    expect(resumed.log).toContain(`orders: bulk rerun over updated_at:>='${fromOf(rerun!)}'`);
    await expectSameAsUninterrupted(database);
  });

  it(`gives up after ${MAX_BULK_FAILURES} failed operations in a row, keeping what they landed; the next run finishes`, async () => {
    const database = db('flaky');
    const since = sim.bulkOperations().length;
    sim.setFaults({ bulkFailureRate: 1, bulkFailureAt: 0.8 });
    let error: unknown;
    try {
      await ingest(database, { streams: ['orders'] });
    } catch (e) {
      error = e;
    } finally {
      sim.setFaults({});
    }
    expect(error).toBeInstanceOf(IngestTransientError);
    expect((error as Error).message).toMatch(new RegExp(`${MAX_BULK_FAILURES} failed operations in a row\\. \\d+ roots were kept from partial files; the next run resumes over updated_at:>='`));
    const failed = opsOf('orders', since);
    expect(failed.map((op) => op.status)).toEqual(Array(MAX_BULK_FAILURES).fill('FAILED'));
    // Every rerun starts at or after the previous one: progress is never given back.
    const starts = failed.slice(1).map((op) => Date.parse(fromOf(op)!));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));

    await ingest(database);
    const [last] = opsOf('orders', since + MAX_BULK_FAILURES);
    expect(last?.status).toBe('COMPLETED');
    expect(Date.parse(fromOf(last!)!)).toBeGreaterThanOrEqual(starts[starts.length - 1]!);
    await expectSameAsUninterrupted(database);
  });

  it('ACCESS_DENIED is not retried: the caller must grant a scope (exit code 2)', async () => {
    const since = sim.bulkOperations().length;
    sim.setFaults({ bulkFailureCount: 1, bulkFailureAt: 0.5, bulkFailureCode: 'ACCESS_DENIED' });
    try {
      const failed = ingest(db('denied'), { streams: ['products'] });
      await expect(failed).rejects.toBeInstanceOf(IngestCallerError);
      await expect(failed).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/ended FAILED \(ACCESS_DENIED\)/) });
    } finally {
      sim.setFaults({});
    }
    expect(opsOf('products', since).map((op) => op.errorCode)).toEqual(['ACCESS_DENIED']);
  });
});
