// `clv listen --reconcile`: the scheduled ingest runs in the listener's process, on the same DuckDB file,
// while webhooks keep committing. Neither may block, fail or clobber the other: once both are quiet the
// database holds exactly what a sync alone lands.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../ingest/run.js';
import { startSimulator, type RunningSimulator } from '../../ingest/simulator/index.js';
import { startWebhookSender } from '../../ingest/simulator/webhooks/sender.js';
import { startListener } from '../../ingest/webhooks/listener.js';
import { startReconciler } from '../../ingest/webhooks/reconciler.js';
import { SECRET, tempDir } from './helpers.js';
import { isCustomerSpend, stagingPaths, stagingRows } from './staging-fields.js';

let sim: RunningSimulator;
let dir: string;
const quiet = { write: () => true } as unknown as NodeJS.WritableStream;
const ingest = (database: string) =>
  runIngest({ shop: sim.shop, accessToken: sim.accessToken, database, output: quiet, tty: false, lagSeconds: 0, reconcile: 'always' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  dir = tempDir();
  sim = await startSimulator({ customers: 40, seed: 5, port: 0, restoreRateScale: 20, realtimeClock: false });
});
afterAll(async () => { await sim?.close(); });

describe('listen --reconcile', () => {
  it('syncs beside the listener on one database without errors, and converges to a sync alone', async () => {
    const database = path.join(dir, 'listen.duckdb');
    const logs: string[] = [];
    const listener = await startListener({ database, secret: SECRET, batch: { intervalMs: 20 }, log: () => undefined });
    const sender = startWebhookSender(sim.store, { url: `${listener.url}/webhooks`, secret: SECRET, concurrency: 4 });
    const reconciler = startReconciler({ everyMs: 100, sync: () => ingest(database), log: (m) => logs.push(m) });
    for (let k = 0; k < 5; k++) {
      sim.store.advance(1000);
      sim.store.simulateActivity({ newOrders: 3, newCustomerShare: 0.5, updates: 2, refunds: 1, cancellations: 1, customerUpdates: 1 });
      await sleep(150);
    }
    await sender.idle();
    await listener.idle();
    // One full sync that started after the last change, so the scheduled path alone closes any gap.
    const settled = reconciler.runs + 2;
    while (reconciler.runs < settled) await sleep(50);
    await reconciler.stop();
    await listener.close();
    sender.close();

    expect(logs.filter((m) => m.startsWith('reconcile failed'))).toEqual([]);
    expect(logs.filter((m) => m.startsWith('reconcile: ingest done')).length).toBeGreaterThanOrEqual(2);

    const alone = path.join(dir, 'alone.duckdb');
    await ingest(alone);
    for (const [table, all] of Object.entries(stagingPaths())) {
      const p = all.filter((x) => !isCustomerSpend(table, x));
      const [both, sync] = [await stagingRows(database, table, p), await stagingRows(alone, table, p)];
      expect(Object.keys(sync).length, table).toBeGreaterThan(0);
      expect({ table, rows: both }).toEqual({ table, rows: sync });
    }
  }, 90_000);
});
