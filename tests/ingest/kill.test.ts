// kill -9 a child process mid-sync, rerun: the tables equal an uninterrupted sync (no gaps, no duplicates),
// because every committed page carries its checkpoint in the same transaction.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../ingest/simulator/index.js';
import { runIngest } from '../../ingest/run.js';
import { truthDigest, warehouseDigest } from './truth.js';

let sim: RunningSimulator;
let dir: string;
const child = path.resolve('tests/fixtures/ingest/child-ingest.ts');

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'clv-ingest-kill-'));
  sim = await startSimulator({ customers: 80, seed: 5, port: 0, restoreRateScale: 20 });
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the child until its output satisfies `kill`, then SIGKILLs it. */
function runAndKill(database: string, kill: (output: string) => boolean, env: Record<string, string> = {}): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child], {
      env: { ...process.env, SHOPIFY_SHOP: sim.shop, SHOPIFY_ACCESS_TOKEN: sim.accessToken, CLV_TEST_DB: database, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let killed = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!killed && kill(output)) {
        killed = true;
        proc.kill('SIGKILL');
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('error', reject);
    proc.on('exit', () => resolve({ killed, output }));
  });
}

/** Once `orders` pages have landed past `records`. */
const ordersPast = (records: number) => (output: string) => {
  const m = [...output.matchAll(/^orders\s+pages\s+(\d+) records/gm)].pop();
  return m !== undefined && Number(m[1]) >= records;
};

it('kill -9 mid-sync, then a rerun gives the same tables as an uninterrupted sync', async () => {
  const database = path.join(dir, 'killed.duckdb');
  // Slow every response while killing: on a quiet machine a store this small otherwise lands whole
  // between the progress line that triggers the kill and the signal arriving.
  sim.setFaults({ slowRate: 1, slowMs: 150 });
  const first = await runAndKill(database, ordersPast(150));
  expect(first.killed, first.output.slice(-2000)).toBe(true);
  expect(first.output).not.toContain('DONE');
  // Second interruption while resuming the same window.
  const second = await runAndKill(database, ordersPast(450));
  expect(second.output).toMatch(/resuming window/);
  sim.setFaults({});
  await runIngest({ shop: sim.shop, accessToken: sim.accessToken, database, lagSeconds: 0, tty: false, output: { write: () => true } as never });
  expect(await warehouseDigest(database)).toEqual(truthDigest(sim.store));
}, 240_000);

it('kill -9 right after a failed bulk operation\'s partial file landed: the next run reruns only the rest', async () => {
  const database = path.join(dir, 'bulk-killed.duckdb');
  const since = sim.bulkOperations().length;
  // 90 % into the orders: the partial file ends in the second batch. Slow responses keep the rerun's start
  // request in flight when the kill lands.
  sim.setFaults({ bulkFailureCount: 1, bulkFailureAt: 0.9, slowRate: 1, slowMs: 300 });
  const first = await runAndKill(database, (output) => /^orders: bulk operation \S+ ended FAILED .*; kept [1-9]\d* complete roots/m.test(output), {
    CLV_TEST_BULK_THRESHOLD: '0',
    CLV_TEST_STREAMS: 'orders',
  });
  sim.setFaults({});
  expect(first.killed, first.output.slice(-2000)).toBe(true);
  let log = '';
  await runIngest({ shop: sim.shop, accessToken: sim.accessToken, database, lagSeconds: 0, bulkThreshold: 0, tty: false, output: { write: (c: string) => ((log += c), true) } as never });
  // Resumed at the rerun (started afresh, or polled if the kill came after its start): never from scratch.
  expect(log).toMatch(/^orders: (bulk rerun over updated_at:>=|resuming bulk operation)/m);
  const orders = sim.bulkOperations().slice(since).filter((op) => op.query.startsWith('{ orders('));
  expect(orders.map((op) => op.status)).toEqual(['FAILED', 'COMPLETED']);
  expect(orders[1]!.query).toMatch(/updated_at:>='/);
  expect(await warehouseDigest(database)).toEqual(truthDigest(sim.store));
}, 120_000);

