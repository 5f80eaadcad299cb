// The runner's own overhead per model: build 1,000 trivial views through the executor (text logger
// formatting every line into a discarding stream, as the CLI would) versus the same 1,000 `create view`
// statements sent directly on one DuckDB connection. Both in the same process, alternating, on fresh
// database files; medians over several rounds. Target: <= 2 ms per model.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DuckDBWarehouse } from '../runner/adapters/duckdb/index.js';
import { createLogger } from '../runner/log/logger.js';
import type { Manifest, ModelNode } from '../runner/manifest.js';
import { execute } from '../runner/run/execute.js';
import type { ExecutionPlan } from '../runner/run/types.js';

const MODELS = 1000;
const ROUNDS = 5;

function syntheticProject(database: string): { manifest: Manifest; plan: ExecutionPlan } {
  const nodes: Record<string, ModelNode> = {};
  for (let i = 0; i < MODELS; i++) {
    const name = `v_${i}`;
    const id = `model.bench.${name}`;
    nodes[id] = {
      unique_id: id, resource_type: 'model', name, package_name: 'bench', original_file_path: `models/${name}.sql`,
      fqn: ['bench', name], description: '', tags: [], meta: {}, checksum: '', depends_on: { nodes: [], macros: [] },
      config: { enabled: true, materialized: 'view', tags: [] }, language: 'sql', raw_code: `select ${i} as id`,
      compiled_code: `select ${i} as id`, relation: { database, schema: 'main', identifier: name }, refs: [], sources: [], columns: {},
    };
  }
  const manifest: Manifest = {
    metadata: { project_name: 'bench', generated_at: new Date().toISOString(), adapter_type: 'duckdb', target_name: 'bench' },
    nodes, sources: {}, macros: {}, docs: {}, parent_map: {}, child_map: {}, vars: {},
    target: { name: 'bench', type: 'duckdb', schema: 'main', threads: 1 },
  };
  return { manifest, plan: { nodes: Object.keys(nodes).map((uniqueId) => ({ uniqueId, dependsOn: [] })), selected: Object.keys(nodes) } };
}

async function withWarehouse<T>(threads: number, body: (w: DuckDBWarehouse) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'clv-bench-'));
  const warehouse = await DuckDBWarehouse.open(join(dir, 'bench.duckdb'), { threads });
  try {
    return await body(warehouse);
  } finally {
    await warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function baselineMs(): Promise<number> {
  const { manifest } = syntheticProject('bench');
  return withWarehouse(1, async (warehouse) => {
    const connection = await warehouse.acquire();
    const statements = Object.values(manifest.nodes).map((n) =>
      warehouse.dialect.createView((n as ModelNode).relation, (n as ModelNode).compiled_code),
    );
    const t = performance.now();
    for (const sql of statements) await connection.execute(sql);
    const elapsed = performance.now() - t;
    warehouse.release(connection);
    return elapsed;
  });
}

async function executorMs(threads: number): Promise<number> {
  const { manifest, plan } = syntheticProject('bench');
  const sink = new Writable({ write: (_chunk, _enc, done) => done() });
  const logger = createLogger({ format: 'text', out: sink, err: sink, color: false });
  return withWarehouse(threads, async (warehouse) => {
    const t = performance.now();
    const results = await execute(warehouse, manifest, plan, { threads, onEvent: (e) => logger.event(e, manifest.nodes) });
    const elapsed = performance.now() - t;
    const failed = results.results.filter((r) => r.status !== 'success');
    if (failed.length > 0) throw new Error(`bench views failed: ${failed[0]!.message}`);
    return elapsed;
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function run(): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  await executorMs(1); // warm-up: module JIT, DuckDB extension/catalog first-use costs
  const base: number[] = [];
  const exec1: number[] = [];
  const exec4: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    base.push(await baselineMs());
    exec1.push(await executorMs(1));
    exec4.push(await executorMs(4));
  }
  const b = median(base);
  const row = (label: string, xs: number[]) => {
    const m = median(xs);
    return {
      measure: label,
      'median total (ms)': m.toFixed(0),
      'per model (ms)': (m / MODELS).toFixed(3),
      'overhead per model vs baseline (ms)': label.startsWith('direct') ? '-' : ((m - b) / MODELS).toFixed(3),
      target: label.startsWith('direct') ? '-' : '<= 2 ms',
    };
  };
  return {
    name: `Runner overhead: ${MODELS} trivial views on DuckDB (median of ${ROUNDS})`,
    rows: [row('direct create view, 1 connection (baseline)', base), row('executor, threads=1', exec1), row('executor, threads=4', exec4)],
  };
}
