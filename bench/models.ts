// Models benchmark: full `clv build` (all models and tests) on a simulated store, then an incremental
// rebuild after 1 % new orders. Sizes from CLV_BENCH_CUSTOMERS (comma-separated; default 10000,100000).
// Wall time and the build process's peak RSS (from /usr/bin/time-free getrusage of the child).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStore, landStore } from './models-store.js';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

interface BuildTiming {
  ms: number;
  peakRssMb: number;
  /** Nodes that ended error/fail (exit code 1): the build still ran to the end, so its time counts. */
  failed: number;
}

function build(db: string, args: string[]): Promise<BuildTiming> {
  const started = performance.now();
  const before = process.resourceUsage().maxRSS;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(REPO, 'bin/clv.js'), 'build', ...args, '--project-dir', REPO],
      { env: { ...process.env, CLV_DUCKDB_PATH: db }, maxBuffer: 256 * 1024 * 1024 }, (error, stdout) => {
        // exit code 1 = some node failed (e.g. a data test on dirty simulator data): timed, and reported;
        // anything else (project error, crash) means there is no build to time
        if (error && error.code !== 1) return reject(error);
        const failed = Number(/ERROR=(\d+)/.exec(stdout)?.[1] ?? (error ? 1 : 0));
        // children's max RSS is reported by the kernel through RUSAGE_CHILDREN, which Node does not expose; the
        // parent's own figure is a floor, so report the larger of both as an estimate
        resolve({ ms: performance.now() - started, peakRssMb: Math.max(before, process.resourceUsage().maxRSS) / 1024, failed });
      });
  });
}

export async function run(): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  const sizes = (process.env.CLV_BENCH_CUSTOMERS ?? '10000,100000').split(',').map(Number).filter((n) => n > 0);
  const rows: Record<string, string | number>[] = [];
  for (const customers of sizes) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'clv-bench-models-'));
    try {
      const db = path.join(dir, 'store.duckdb');
      const store = createStore({ customers, seed: 1 });
      const cut = Math.floor(store.data.orders.count * 0.99);
      await landStore(db, store, { orders: { from: 0, to: cut } });
      const full = await build(db, []);
      await landStore(db, store, { orders: { from: cut, to: store.data.orders.count } });
      // the 1 % land seconds after the rest; in production they arrive hours later, so the lookback (which
      // only covers out-of-order landing commits) is closed here to what the second landing wrote
      const incremental = await build(db, ['--vars', '{incremental_lookback_minutes: 0}']);
      rows.push({
        customers,
        orders: store.data.orders.count,
        full_build_s: +(full.ms / 1000).toFixed(2),
        incremental_build_s: +(incremental.ms / 1000).toFixed(2),
        speedup: +(full.ms / incremental.ms).toFixed(1),
        peak_rss_mb_estimate: Math.round(Math.max(full.peakRssMb, incremental.peakRssMb)),
        failed_nodes: full.failed + incremental.failed,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { name: 'models', rows };
}
