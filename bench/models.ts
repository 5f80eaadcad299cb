// Models benchmark: full `clv build` (all models and tests) on a simulated store, then an incremental
// rebuild after 1 % new orders. Sizes from CLV_BENCH_CUSTOMERS (comma-separated; default 10000,100000),
// CLV_BENCH_RUNS runs per size (default 3; medians reported). Landed stores are cached (models-cache.ts),
// so only the first run of a size pays for landing.
// Wall, CPU (user + sys) and peak RSS are the build process's own, measured by GNU time (`/usr/bin/time`);
// without it, wall time only. The machine is shared: compare CPU seconds when wall times are noisy.
// After each full build, the same statements replayed serially on a bare DuckDB connection (models-floor.ts)
// give the engine's floor: how much of the build is the framework and how much is DuckDB's own work.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cachedStore, replayDelta, repoRoot } from './models-cache.js';
import { engineFloor, type EngineFloor } from './models-floor.js';

const REPO = repoRoot();
const GNU_TIME = '/usr/bin/time';

interface BuildTiming {
  wallS: number;
  cpuS: number | null;
  peakRssMb: number | null;
  /** Nodes that ended error/fail (exit code 1): the build still ran to the end, so its time counts. */
  failed: number;
}

function build(db: string, args: string[]): Promise<BuildTiming> {
  const clv = [process.execPath, path.join(REPO, 'bin/clv.js'), 'build', ...args, '--project-dir', REPO];
  const timed = existsSync(GNU_TIME);
  const [command, ...argv] = timed ? [GNU_TIME, '-f', 'RUSAGE %U %S %M', ...clv] : clv;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command!, argv, { env: { ...process.env, CLV_DUCKDB_PATH: db }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      // exit code 1 = some node failed (a data test on dirty simulator data): timed and reported; anything
      // else (project error, crash) means there is no build to time
      if (code !== 0 && code !== 1) return reject(new Error(`clv build exited ${code}:\n${(stdout + stderr).slice(-4000)}`));
      const usage = /RUSAGE ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      resolve({
        wallS: (performance.now() - started) / 1000,
        cpuS: usage ? Number(usage[1]) + Number(usage[2]) : null,
        peakRssMb: usage ? Number(usage[3]) / 1024 : null,
        failed: Number(/ERROR=(\d+)/.exec(stdout)?.[1] ?? (code === 1 ? 1 : 0)),
      });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const seconds = (values: (number | null)[]): number | string =>
  values.some((v) => v === null) ? 'n/a' : +median(values as number[]).toFixed(2);

export async function run(): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  const sizes = (process.env.CLV_BENCH_CUSTOMERS ?? '10000,100000').split(',').map(Number).filter((n) => n > 0);
  const runs = Math.max(1, Number(process.env.CLV_BENCH_RUNS ?? 3));
  const rows: Record<string, string | number>[] = [];
  for (const customers of sizes) {
    const store = await cachedStore(customers, 1);
    const full: BuildTiming[] = [];
    const incremental: BuildTiming[] = [];
    const floors: EngineFloor[] = [];
    for (let i = 0; i < runs; i++) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'clv-bench-models-'));
      try {
        const db = path.join(dir, 'store.duckdb');
        copyFileSync(store.raw99, db);
        // the project's own target/ (as before): its compile cache keeps every build's compile warm
        full.push(await build(db, []));
        const target = path.join(REPO, 'target');
        // same file name in its own folder: the run files name their catalog by the file stem
        const fresh = path.join(dir, 'floor', 'store.duckdb');
        mkdirSync(path.dirname(fresh));
        copyFileSync(store.raw99, fresh);
        floors.push(await engineFloor(target, fresh, db));
        rmSync(path.dirname(fresh), { recursive: true, force: true });
        await replayDelta(db, store.raw100);
        // DuckDB's default lookback (0) reprocesses exactly what the second landing wrote
        incremental.push(await build(db, []));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const fullWall = median(full.map((t) => t.wallS));
    const incrementalWall = median(incremental.map((t) => t.wallS));
    const rss = [...full, ...incremental].map((t) => t.peakRssMb);
    rows.push({
      customers,
      orders: store.orders,
      runs,
      full_wall_s: +fullWall.toFixed(2),
      full_cpu_s: seconds(full.map((t) => t.cpuS)),
      // the build's SQL run serially on a bare connection, and the TypeScript models' own time
      engine_sql_s: +median(floors.map((f) => f.sqlS)).toFixed(2),
      ts_models_s: +median(floors.map((f) => f.typescriptS)).toFixed(2),
      full_vs_engine: +(fullWall / median(floors.map((f) => f.sqlS + f.typescriptS))).toFixed(2),
      incremental_wall_s: +incrementalWall.toFixed(2),
      incremental_cpu_s: seconds(incremental.map((t) => t.cpuS)),
      speedup_wall: +(fullWall / incrementalWall).toFixed(1),
      peak_rss_mb: rss.some((v) => v === null) ? 'n/a' : Math.round(Math.max(...(rss as number[]))),
      failed_nodes: [...full, ...incremental].reduce((sum, t) => sum + t.failed, 0),
    });
  }
  return { name: 'models', rows };
}
