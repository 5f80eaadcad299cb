// Ingest benchmark against the in-process simulator:
// 1. bulk backfill of a large store: wall time, and rows/s landed by the warehouse writer (target >= 300,000/s:
//    DuckDB reads the bulk JSONL itself);
// 2. paginated sync: share of the cost bucket's restore rate used (target >= 90 %) and THROTTLED count (target 0).
// Sizes: BENCH_INGEST_CUSTOMERS (default 100,000, about 1M orders; BENCH_QUICK=1: 5,000) and
// BENCH_INGEST_PAGED_CUSTOMERS (default 250) with BENCH_INGEST_RESTORE_SCALE (default 20).
import { mkdirSync, rmSync } from 'node:fs';
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

/** Times every `land` call: the loading rate is rows landed over time spent inside the writer. */
function timed(writer: DuckDbRawWriter): { writer: RawWriter; landed: () => { rows: number; ms: number } } {
  let rows = 0;
  let ms = 0;
  const wrapped: RawWriter = Object.create(writer) as RawWriter;
  wrapped.land = async (file, options) => {
    const t = performance.now();
    const result = await writer.land(file, options);
    ms += performance.now() - t;
    rows += result.total;
    return result;
  };
  return { writer: wrapped, landed: () => ({ rows, ms }) };
}

async function bulkBackfill(work: string): Promise<Record<string, string | number>> {
  const customers = num('BENCH_INGEST_CUSTOMERS', quick ? 5_000 : 100_000);
  const t0 = performance.now();
  const sim = await startSimulator({ customers, seed: 42, port: 0, restoreRateScale: 10 });
  const generateMs = performance.now() - t0;
  const database = fresh(path.join(work, 'ingest-bulk.duckdb'));
  const raw = await DuckDbRawWriter.open(database, { schema: 'raw_shopify', apiVersion: sim.apiVersion });
  const { writer, landed } = timed(raw);
  try {
    const t = performance.now();
    const summary = await runIngest({ shop: sim.shop, accessToken: sim.accessToken, writer, bulkThreshold: 0, lagSeconds: 0, output: silent, tty: false });
    const wallMs = performance.now() - t;
    const { rows, ms } = landed();
    const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
    return {
      case: `bulk backfill, ${customers} customers / ${summary.rows.orders} orders`,
      'wall s': (wallMs / 1000).toFixed(1),
      'rows landed': total,
      'rows/s end to end': Math.round(total / (wallMs / 1000)),
      'rows/s loading (target >= 300000)': Math.round(rows / (ms / 1000)),
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
  const scale = num('BENCH_INGEST_RESTORE_SCALE', 20);
  const sim = await startSimulator({ customers, seed: 43, port: 0, restoreRateScale: scale });
  try {
    const database = fresh(path.join(work, 'ingest-paged.duckdb'));
    const t = performance.now();
    const summary = await runIngest({ shop: sim.shop, accessToken: sim.accessToken, database, streams: ['orders'], bulkThreshold: Infinity, lagSeconds: 0, output: silent, tty: false });
    const seconds = (performance.now() - t) / 1000;
    const restore = summary.stats.restoreRate ?? 0;
    const bucket = summary.stats.maximumAvailable ?? 0;
    // The bucket starts full: the steady-state share excludes that one-off capital.
    const steady = (summary.stats.actualCost - bucket) / (restore * seconds);
    return {
      case: `paginated orders sync, ${summary.rows.orders} orders, restore ${restore}/s, bucket ${bucket}`,
      'wall s': seconds.toFixed(1),
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
  const rows = [await bulkBackfill(work), await pacedSync(work)];
  return { name: 'ingest (simulated Shopify store)', rows };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  run().then((r) => console.log(JSON.stringify(r, null, 2)));
}
