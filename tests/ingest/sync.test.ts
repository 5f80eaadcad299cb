// Contract tests of the ingest against the simulator started in-process: the warehouse must equal the
// simulator's truth after backfills (bulk and paginated), incremental syncs, live changes and faults.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../ingest/simulator/index.js';
import { runIngest, type IngestOptions } from '../../ingest/run.js';
import { countsOf, truthDigest, warehouseDigest } from './truth.js';

let sim: RunningSimulator;
let dir: string;
const quiet = { write: () => true } as unknown as NodeJS.WritableStream;
const db = (name: string) => path.join(dir, `${name}.duckdb`);
const ingest = (database: string, extra: Partial<IngestOptions> = {}) =>
  runIngest({ shop: sim.shop, accessToken: sim.accessToken, database, output: quiet, tty: false, lagSeconds: 0, ...extra });

async function expectEqualsTruth(database: string): Promise<void> {
  const truth = truthDigest(sim.store);
  const actual = await warehouseDigest(database);
  expect(countsOf(actual)).toEqual(countsOf(truth));
  expect(actual).toEqual(truth);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'clv-ingest-test-'));
  sim = await startSimulator({ customers: 150, seed: 11, port: 0, restoreRateScale: 20 });
});

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ingest against the simulator', () => {
  it('bulk backfill equals the truth, refund lines included', async () => {
    const summary = await ingest(db('bulk'), { bulkThreshold: 0 });
    expect(summary.streams.map((s) => s.mode)).toEqual(['bulk', 'bulk', 'bulk']);
    expect(summary.rows.refund_lines).toBeGreaterThan(0);
    await expectEqualsTruth(db('bulk'));
  });

  it('paginated backfill equals the truth and is paced without a single THROTTLED', async () => {
    const before = sim.stats().throttled;
    const summary = await ingest(db('pages'), { bulkThreshold: Infinity });
    expect(summary.streams.map((s) => s.mode)).toEqual(['paginated', 'paginated', 'paginated']);
    expect(sim.stats().throttled - before).toBe(0);
    expect(summary.stats.throttled).toBe(0);
    await expectEqualsTruth(db('pages'));
    expect(await warehouseDigest(db('pages'))).toEqual(await warehouseDigest(db('bulk')));
  });

  it('an incremental sync after store activity catches creates, updates, refunds and deletes', async () => {
    const activity = sim.store.simulateActivity({ newOrders: 25, updates: 15, refunds: 8, cancellations: 4, deletes: 4, customerUpdates: 8 });
    expect(activity.deleted.length).toBeGreaterThan(0);
    const summary = await ingest(db('bulk'), { reconcile: 'always' });
    expect(summary.streams.every((s) => s.mode === 'paginated')).toBe(true);
    expect(summary.deletedFlagged.orders).toBe(activity.deleted.length);
    await expectEqualsTruth(db('bulk'));
  });

  it('records changed while a sync runs are caught by the next run', async () => {
    sim.setLive({ everyRequests: 2, activity: { newOrders: 2, updates: 2, refunds: 1 } });
    try {
      await ingest(db('bulk'), { streams: ['orders'] });
    } finally {
      sim.setLive(null);
    }
    await ingest(db('bulk'), { reconcile: 'always' });
    await expectEqualsTruth(db('bulk'));
  });

  it('a run under fault injection (5xx, 429, drops, truncated JSON, throttle bursts) lands the same tables', async () => {
    sim.setFaults({ http5xxRate: 0.08, http429Rate: 0.05, dropRate: 0.05, truncatedJsonRate: 0.05, throttledBurstRate: 0.01 });
    try {
      const summary = await ingest(db('faults'), { bulkThreshold: Infinity, retry: { maxAttempts: 10, baseMs: 5, capMs: 100 } });
      expect(summary.stats.retries).toBeGreaterThan(0);
    } finally {
      sim.setFaults({});
    }
    await expectEqualsTruth(db('faults'));
  });
});
