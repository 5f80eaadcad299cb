// Webhook receiver throughput and freshness: a simulator burst through HTTP (HMAC, journal fsync, micro-
// batches) into DuckDB; then the delivery → mart latency with `--build`-style rebuilds of the models
// downstream of orders (needs the project to build; reported as n/a otherwise).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStore } from '../ingest/simulator/index.js';
import { startWebhookSender } from '../ingest/simulator/webhooks/sender.js';
import { startListener } from '../ingest/webhooks/listener.js';
import { createRebuilder, projectBuilder } from '../ingest/webhooks/rebuild.js';
import { DuckDBWarehouse } from '../runner/adapters/duckdb/index.js';
import { build } from '../runner/api.js';
import { createStore as createModelsStore, landStore } from './models-store.js';

const SECRET = 'bench-secret';
const PLANS = [{ newOrders: 1 }, { updates: 1 }, { newOrders: 1 }, { refunds: 1 }, { customerUpdates: 1 }, { cancellations: 1 }];

export async function run(): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'clv-bench-webhooks-'));
  const rows: Record<string, string | number>[] = [];
  try {
    const db = path.join(dir, 'wh.duckdb');
    const listener = await startListener({ database: db, secret: SECRET, batch: { intervalMs: 200, maxBatch: 5000 }, log: () => undefined });
    const store = createStore({ customers: 300, seed: 3, realtimeClock: false });
    const sender = startWebhookSender(store, { url: `${listener.url}/webhooks`, secret: SECRET, concurrency: 64 });
    const start = store.events.length;
    for (let k = 0; store.events.length - start < 10_000; k++) {
      store.advance(1000);
      store.simulateActivity(PLANS[k % PLANS.length]!);
    }
    const t0 = performance.now();
    await sender.idle();
    const acked = performance.now();
    await listener.idle();
    const committed = performance.now();
    const s = sender.stats();
    const l = listener.stats();
    await listener.close();
    sender.close();
    rows.push({
      metric: 'burst of simulator webhooks', webhooks: s.deliveries,
      'accepted/s': Math.round(s.deliveries / ((acked - t0) / 1000)), 'committed/s': Math.round(l.committed / ((committed - t0) / 1000)),
      batches: l.batches, fsyncs: l.fsyncs,
    });
    rows.push(...(await martLatency(dir)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { name: 'webhooks', rows };
}

/**
 * Delivery → row visible in a mart with `--build` (rebuild of the models downstream of the changed raw
 * tables after each committed batch): a store landed and fully built, then orders sent one at a time; each
 * is timed from the POST until its customer's order count in `main.customers` went up. Median and p99.
 */
async function martLatency(dir: string): Promise<Record<string, string | number>[]> {
  const db = path.join(dir, 'lat.duckdb');
  const previous = process.env['CLV_DUCKDB_PATH'];
  process.env['CLV_DUCKDB_PATH'] = db;
  const projectDir = path.resolve(import.meta.dirname, '..').replace(/[\/]dist$/, '');
  const store = createModelsStore({ customers: 150, seed: 4, years: 1 });
  await landStore(db, store);
  const full = await build({ projectDir, onWarning: () => undefined });
  // Failing data tests do not stop the marts from being built; only model errors make the number meaningless.
  if (full.results.results.some((r) => r.status === 'error')) return [{ metric: 'delivery → mart (--build)', webhooks: 0, 'median ms': 'n/a (project build failed)', 'p99 ms': 'n/a' }];
  const rebuilder = createRebuilder(projectBuilder({ projectDir }), () => undefined);
  const listener = await startListener({
    database: db, secret: SECRET, batch: { intervalMs: 50, maxBatch: 500 }, log: () => undefined,
    afterCommit: (changed) => rebuilder.changed(changed),
  });
  const sender = startWebhookSender(store, { url: `${listener.url}/webhooks`, secret: SECRET });
  // A reader on the same per-process DuckDB instance (as the runner's adapter shares it).
  const warehouse = await DuckDBWarehouse.open(db, { threads: 1 });
  const reader = await warehouse.acquire();
  const lat: number[] = [];
  try {
    for (let i = 0; i < 20; i++) {
      store.advance(60_000);
      const t0 = performance.now();
      const r = store.simulateActivity({ newOrders: 1, newCustomerShare: 0 });
      const node = store.orderNode(Number(r.created[0]!.split('/').pop()) - 6_100_000_000_000) as Record<string, any>;
      const customer = String((typeof node['customer'] === 'function' ? node['customer']() : node['customer'])['id']);
      const sql = `SELECT orders::INTEGER AS n FROM main.customers WHERE customer_id = '${customer}'`;
      const before = Number((await reader.execute(sql)).rows[0]?.['n'] ?? 0);
      // Poll the mart as a BI tool would (the build runs after the commit, off the request path).
      while (Number((await reader.execute(sql)).rows[0]?.['n'] ?? 0) <= before) await new Promise((res) => setTimeout(res, 10));
      lat.push(performance.now() - t0);
    }
  } finally {
    warehouse.release(reader);
    await warehouse.close();
    await listener.close();
    sender.close();
    if (previous === undefined) delete process.env['CLV_DUCKDB_PATH'];
    else process.env['CLV_DUCKDB_PATH'] = previous;
  }
  lat.sort((a, b) => a - b);
  const q = (p: number) => Math.round(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!);
  return [{ metric: 'delivery → row in a mart (--build, 20 orders one at a time)', webhooks: lat.length, 'median ms': q(0.5), 'p99 ms': q(0.99) }];
}
