// Column lineage of the whole project without one parse after another on the main thread: models are
// traced as soon as the models they read are (their columns feed `select *`), on a pool of worker
// threads, and a model whose LineageInput is in the cache is not parsed at all. Same answers as
// projectLineage (analyze.ts), which stays the sequential reference.
import { availableParallelism } from 'node:os';
import type { Manifest, ModelNode } from '../manifest.js';
import { inputsOf, lineageInput, lineageOfInput, modelOrder, type LineageOptions } from './analyze.js';
import { lineageKey, type LineageCache } from './cache.js';
import { LineagePool } from './pool.js';
import type { ModelLineage, ProjectLineage } from './types.js';

export interface ParallelLineageOptions extends LineageOptions {
  /** Worker threads; 0 or 1 parses on this thread. Default: 2 (or 1 on one core), 1 for small projects. */
  threads?: number;
  cache?: LineageCache;
}

/** Below this many models to parse, starting threads costs more than it saves. */
const MIN_MODELS_FOR_THREADS = 64;

export async function projectLineageAsync(manifest: Manifest, options: ParallelLineageOptions): Promise<ProjectLineage> {
  const order = modelOrder(manifest).filter((id) => !options.only || options.only.has(id));
  const wanted = new Set(order);
  const result: ProjectLineage = {};
  const columnsOf = (id: string): string[] | undefined => {
    const computed = result[id];
    if (computed && !computed.unresolved['*']) return computed.columns;
    return options.known.get(id);
  };
  const node = (id: string) => manifest.nodes[id] as ModelNode;
  // Models this model's SQL reads whose columns come from their own lineage (through ephemeral models).
  const children = new Map<string, string[]>();
  const waiting = new Map<string, number>();
  for (const id of order) {
    const parents = inputsOf(node(id), manifest).filter((p) => wanted.has(p) && p !== id);
    waiting.set(id, parents.length);
    for (const p of parents) (children.get(p) ?? children.set(p, []).get(p)!).push(id);
  }
  // An explicit thread count is obeyed; the default starts threads only where they pay off.
  const threads = options.threads ?? (order.length >= MIN_MODELS_FOR_THREADS ? Math.min(2, availableParallelism()) : 1);
  const pool = threads > 1 ? new LineagePool(threads) : undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let left = order.length;
      if (left === 0) resolve();
      const done = (id: string, lineage: ModelLineage) => {
        result[id] = lineage;
        for (const child of children.get(id) ?? []) {
          const n = waiting.get(child)! - 1;
          waiting.set(child, n);
          if (n === 0) start(child);
        }
        if (--left === 0) resolve();
      };
      const start = (id: string) => {
        const input = lineageInput(node(id), manifest, columnsOf, options.dialect);
        const key = options.cache ? lineageKey(input) : '';
        const hit = options.cache?.get(key);
        if (hit) return done(id, hit);
        const store = (lineage: ModelLineage) => {
          options.cache?.set(key, lineage);
          done(id, lineage);
        };
        if (pool) pool.run(input).then(store, reject);
        else store(lineageOfInput(input));
      };
      // Roots first collected, then started: a cached or inline root releases its children at once.
      const roots = order.filter((id) => waiting.get(id) === 0);
      for (const id of roots) start(id);
    });
  } finally {
    await pool?.close();
  }
  // Keys in DAG order, as projectLineage returns them.
  return Object.fromEntries(order.map((id) => [id, result[id]!]));
}
