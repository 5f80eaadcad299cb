// Ingest benchmark against the in-process simulator:
// 1. bulk backfill of a large store: wall time, and rows/s landed by the warehouse writer (target >= 300,000/s:
//    DuckDB reads the bulk JSONL itself). The baseline, in the same run: DuckDB's own read_json loading the very
//    same bulk files into a table of a fresh database file (schema detected by the engine, nothing else done),
//    because the target's 500,000 rows/s was measured on rows far smaller than Shopify's orders;
// 2. paginated sync: share of the cost bucket's restore rate used (target >= 90 %) and THROTTLED count (target 0).
// Sizes: BENCH_INGEST_CUSTOMERS (default 100,000, about 1M orders; BENCH_QUICK=1: 5,000) and
// BENCH_INGEST_PAGED_CUSTOMERS (default 250) with BENCH_INGEST_RESTORE_SCALE (default 10). BENCH_INGEST_ONLY=bulk|paged
// runs one case. BENCH_INGEST_LANDING_THREADS sets the writer's DuckDB threads for bulk files (default: the
// writer's own, 0: the instance's setting, one per core; 1: one thread), to compare them on the machine at hand.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../ingest/simulator/index.js';
import { runIngest } from '../ingest/run.js';
import { DuckDbRawWriter } from '../ingest/warehouse/duckdb.js';
import type { RawWriter } from '../ingest/warehouse/writer.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.env['BENCH_QUICK'] === '1';
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const silent = { write: () => true } as unknown as NodeJS.WritableStream;

function fresh(file: string): string {
  rmSync(file, { force: true });
  rmSync(`${file}.wal`, { force: true });
  return file;
}

interface Landed { rows: number; ms: number; cpuMs: number; bytes: number }
interface Baseline { lines: number; ms: number; cpuMs: number; error?: string }
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Times every `land` call: the loading rate is rows landed over time spent inside the writer, for the bulk
 * files (`expectRoots` set) apart from the small refund-line pages fetched afterwards. CPU time is the whole
 * process's (DuckDB's threads included; nothing else runs while a file lands), so a loaded machine shows.
 */
function timed(writer: DuckDbRawWriter, work: string): { writer: RawWriter; bulk: Landed; pages: Landed; baseline: Baseline } {
  const bulk: Landed = { rows: 0, ms: 0, cpuMs: 0, bytes: 0 };
  const pages: Landed = { rows: 0, ms: 0, cpuMs: 0, bytes: 0 };
  const baseline: Baseline = { lines: 0, ms: 0, cpuMs: 0 };
  const wrapped: RawWriter = Object.create(writer) as RawWriter;
  wrapped.land = async (file, options) => {
    const bytes = statSync(file).size;
    const t = performance.now();
    const c = cpuMs();
    const result = await writer.land(file, options);
    const into = options?.expectRoots !== undefined ? bulk : pages;
    into.ms += performance.now() - t;
    into.cpuMs += cpuMs() - c;
    into.rows += result.total;
    into.bytes += bytes;
    if (into === bulk) await engineBaseline(file, work, baseline);
    return result;
  };
  return { writer: wrapped, bulk, pages, baseline };
}

/** DuckDB's own read_json of one bulk file into a table (on disk, checkpointed, as the raw tables are), timed apart from ours. */
async function engineBaseline(file: string, work: string, into: Baseline): Promise<void> {
  const database = fresh(path.join(work, 'ingest-baseline.duckdb'));
  const instance = await DuckDBInstance.create(database);
  const connection = await instance.connect();
  try {
    const t = performance.now();
    const c = cpuMs();
    await connection.run(`CREATE TABLE lines AS SELECT * FROM read_json('${file.replace(/'/g, "''")}', format = 'newline_delimited')`);
    await connection.run('CHECKPOINT');
    into.ms += performance.now() - t;
    into.cpuMs += cpuMs() - c;
    const reader = await connection.runAndReadAll('SELECT count(*)::INTEGER FROM lines');
    into.lines += Number(reader.getRows()[0]?.[0] ?? 0);
  } catch (error) {
    into.error = (error as Error).message.split('\n')[0];
  } finally {
    connection.closeSync();
    instance.closeSync();
    fresh(database);
  }
}

const rate = (rows: number, ms: number): number => Math.round(rows / (ms / 1000));

async function bulkBackfill(work: string): Promise<Record<string, string | number>> {
  const customers = num('BENCH_INGEST_CUSTOMERS', quick ? 5_000 : 100_000);
  const t0 = performance.now();
  const sim = await startSimulator({ customers, seed: 42, port: 0, restoreRateScale: 10 });
  const generateMs = performance.now() - t0;
  // BENCH_INGEST_DB keeps the landed store somewhere else (e.g. for the models benchmark to reuse).
  const database = fresh(process.env['BENCH_INGEST_DB'] ?? path.join(work, 'ingest-bulk.duckdb'));
  const threads = process.env['BENCH_INGEST_LANDING_THREADS'];
  const raw = await DuckDbRawWriter.open(database, { schema: 'raw_shopify', apiVersion: sim.apiVersion, landingThreads: threads === undefined ? undefined : Number(threads) });
  const { writer, bulk, pages, baseline } = timed(raw, work);
  try {
    const t = performance.now();
    const c = cpuMs();
    const summary = await runIngest({ shop: sim.shop, accessToken: sim.accessToken, writer, bulkThreshold: 0, lagSeconds: 0, output: silent, tty: false });
    // The baseline runs inside the ingest's timing window: take it out again.
    const wallMs = performance.now() - t - baseline.ms;
    const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
    return {
      case: `bulk backfill, ${customers} customers / ${summary.rows.orders} orders${threads === undefined ? '' : `, landing threads ${threads}`}`,
      'wall s': (wallMs / 1000).toFixed(1),
      'cpu s': ((cpuMs() - c - baseline.cpuMs) / 1000).toFixed(1),
      'rows landed': total,
      'rows/s end to end': rate(total, wallMs),
      'bulk files: rows landed': bulk.rows,
      'bulk files: land s (cpu s)': `${(bulk.ms / 1000).toFixed(1)} (${(bulk.cpuMs / 1000).toFixed(1)})`,
      'rows/s loading bulk files (target >= 300000)': rate(bulk.rows, bulk.ms),
      'rows per cpu-s loading bulk files': rate(bulk.rows, bulk.cpuMs),
      'bulk files: MB (MB/s)': `${(bulk.bytes / 1e6).toFixed(0)} (${(bulk.bytes / 1e3 / bulk.ms).toFixed(0)})`,
      'refund-line pages: rows, land s': `${pages.rows}, ${(pages.ms / 1000).toFixed(1)}`,
      'DuckDB read_json of the same bulk files into a table: lines, s (cpu s)': baseline.error
        ? `failed: ${baseline.error}`
        : `${baseline.lines}, ${(baseline.ms / 1000).toFixed(1)} (${(baseline.cpuMs / 1000).toFixed(1)})`,
      'our land time / read_json time': baseline.error ? 'n/a' : (bulk.ms / baseline.ms).toFixed(2),
      'export + download + polling s': ((wallMs - bulk.ms - pages.ms) / 1000).toFixed(1),
      'simulator generate s': (generateMs / 1000).toFixed(1),
      throttled: summary.stats.throttled,
    };
  } finally {
    await raw.close();
    await sim.close();
  }
}

async function pacedSync(work: string): Promise<Record<string, string | number>> {
  const customers = num('BENCH_INGEST_PAGED_CUSTOMERS', quick ? 150 : 250);
  // Scale 10 (1,000 points/s): at 2,000/s request latency on a loaded machine, not the bucket, was the limit.
  const scale = num('BENCH_INGEST_RESTORE_SCALE', 10);
  const sim = await startSimulator({ customers, seed: 43, port: 0, restoreRateScale: scale });
  try {
    const database = fresh(path.join(work, 'ingest-paged.duckdb'));
    const t = performance.now();
    const c = cpuMs();
    const summary = await runIngest({ shop: sim.shop, accessToken: sim.accessToken, database, streams: ['orders'], bulkThreshold: Infinity, lagSeconds: 0, output: silent, tty: false });
    const seconds = (performance.now() - t) / 1000;
    const cpuSeconds = (cpuMs() - c) / 1000;
    const restore = summary.stats.restoreRate ?? 0;
    const bucket = summary.stats.maximumAvailable ?? 0;
    // The bucket starts full: the steady-state share excludes that one-off capital.
    const steady = (summary.stats.actualCost - bucket) / (restore * seconds);
    return {
      case: `paginated orders sync, ${summary.rows.orders} orders, restore ${restore}/s, bucket ${bucket}`,
      'wall s': seconds.toFixed(1),
      'cpu s (client + simulator)': cpuSeconds.toFixed(1),
      'cost used': summary.stats.actualCost,
      'budget share incl. initial bucket': `${((summary.budgetUsed ?? 0) * 100).toFixed(0)} %`,
      'steady-state share of restore rate (target >= 90 %)': `${(steady * 100).toFixed(0)} %`,
      'THROTTLED (target 0)': sim.stats().throttled,
      requests: summary.stats.requests,
    };
  } finally {
    await sim.close();
  }
}

export async function run(): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  const work = path.join(here, '..', '..', 'bench', 'work');
  mkdirSync(work, { recursive: true });
  const only = process.env['BENCH_INGEST_ONLY'];
  const rows = [];
  if (only !== 'paged') rows.push(await bulkBackfill(work));
  if (only !== 'bulk') rows.push(await pacedSync(work));
  return { name: 'ingest (simulated Shopify store)', rows };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  run().then((r) => console.log(JSON.stringify(r, null, 2)));
}
