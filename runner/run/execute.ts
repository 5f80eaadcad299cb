// Walks the plan with a bounded worker pool. A node starts once all its dependsOn finished passing;
// a failure is recorded as data and only its downstream is skipped, independent branches go on.
// Hot path kept lean (the runner's overhead budget is ~2 ms per model): no fs writes, no per-node
// logging beyond the caller's onEvent, relation lookups cached per schema.
import type { Column, Connection, Warehouse } from '../adapters/adapter.js';
import type { ExecutableNode, Manifest, RelationRef } from '../manifest.js';
import { compiledPath } from '../artifacts/paths.js';
import { isExecuted, materialize, type MaterializeOutcome } from './materializations/index.js';
import { RelationCatalog } from './relations.js';
import { FAILED, PASSING, type ExecutionPlan, type NodeResult, type NodeStatus, type RunEvent, type RunResults } from './types.js';

export interface ExecuteOptions {
  threads: number;
  fullRefresh?: boolean;
  failFast?: boolean;
  onEvent?: (event: RunEvent) => void;
  /** Seeds' relative CSV paths resolve against it. Default: process.cwd(). */
  projectRoot?: string;
  /** Project-relative target folder, for compiled_path in results. Default 'target'. */
  targetPath?: string;
  /** clv framework hook: a node that runs elsewhere than the target (unit tests: in-memory DuckDB). */
  warehouseFor?: (node: ExecutableNode) => Warehouse | undefined;
  /** Renders a node whose template reads the warehouse (node.introspection) on its connection, right before
   * it runs (runner/run/introspect.ts); the result is what runs. Without it such a node runs as compiled. */
  introspect?: (node: ExecutableNode, connection: Connection, manifest: Manifest) => Promise<ExecutableNode>;
}

const relationName = (warehouse: Warehouse, node: ExecutableNode): string | null =>
  node.resource_type === 'test' && !node.config.store_failures ? null : warehouse.dialect.renderRelation(node.relation);

export async function execute(
  warehouse: Warehouse,
  manifest: Manifest,
  plan: ExecutionPlan,
  options: ExecuteOptions,
): Promise<RunResults> {
  const startedAt = new Date();
  const t0 = performance.now();
  const threads = Math.max(1, options.threads);
  const emit = options.onEvent ?? (() => {});
  const targetPath = options.targetPath ?? 'target';
  const relations = new RelationCatalog(warehouse.dialect);
  // Seeds have no compiled SQL (dbt reports null too).
  const compiledPathOf = (node: ExecutableNode): string | null =>
    node.resource_type === 'seed' ? null : compiledPath(targetPath, node);
  const statements: Record<string, string[]> = {};
  const results: NodeResult[] = [];

  const planned = plan.nodes.filter((p) => manifest.nodes[p.uniqueId] !== undefined);
  const inPlan = new Set(planned.map((p) => p.uniqueId));
  const total = planned.filter((p) => isExecuted(manifest.nodes[p.uniqueId]!)).length;
  const status = new Map<string, NodeStatus>();
  const waitingOn = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const p of planned) {
    const deps = p.dependsOn.filter((d) => inPlan.has(d));
    waitingOn.set(p.uniqueId, deps.length);
    for (const d of deps) (children.get(d) ?? children.set(d, []).get(d)!).push(p.uniqueId);
  }
  const dependsOn = new Map(planned.map((p) => [p.uniqueId, p.dependsOn.filter((d) => inPlan.has(d))]));

  let nextIndex = 0;
  let stopping = false;
  const ready: string[] = planned.filter((p) => waitingOn.get(p.uniqueId) === 0).map((p) => p.uniqueId);
  const freeThreads = Array.from({ length: threads }, (_, i) => `Thread-${threads - i}`);
  emit({ type: 'run_start', total, threads, target: manifest.metadata.target_name });

  const record = (node: ExecutableNode, result: NodeResult, index: number): void => {
    results.push(result);
    emit({ type: 'node_finish', index, total, node, result });
  };

  const skip = (id: string, reason: string): void => {
    const node = manifest.nodes[id]!;
    if (isExecuted(node)) {
      record(node, {
        unique_id: id, status: 'skipped', message: reason, timing: [], thread_id: '', execution_time: 0,
        adapter_response: {}, failures: null, compiled_path: compiledPathOf(node), relation_name: relationName(warehouse, node),
      }, ++nextIndex);
    }
    finish(id, 'skipped');
  };

  // A node's end releases its children: ready when all parents passed, skipped as soon as one did not.
  const finish = (id: string, s: NodeStatus): void => {
    status.set(id, s);
    for (const child of children.get(id) ?? []) {
      const left = waitingOn.get(child)! - 1;
      waitingOn.set(child, left);
      if (left > 0) continue;
      const failed = dependsOn.get(child)!.find((d) => !PASSING.has(status.get(d)!));
      if (failed) skip(child, `SKIPPED because upstream ${failed} ended ${status.get(failed)}`);
      else ready.push(child);
    }
  };

  const fullRefreshOf = new Map(planned.map((p) => [p.uniqueId, p.fullRefresh ?? !!options.fullRefresh]));
  const invocation = manifest.metadata.invocation_id ?? startedAt.toISOString();

  // Unit tests run on their own database; dbt fills an input's ungiven columns from the built relation.
  const targetColumns = async (relation: RelationRef): Promise<Column[]> => {
    const connection = await warehouse.acquire();
    try {
      const result = await connection.execute(warehouse.dialect.columnsSql(relation));
      return result.rows.map((row) => ({ name: String(row.name), dataType: String(row.data_type) }));
    } finally {
      warehouse.release(connection);
    }
  };

  const runNode = async (node: ExecutableNode, index: number, threadId: string): Promise<NodeStatus> => {
    emit({ type: 'node_start', index, total, node, threadId });
    const started = new Date().toISOString();
    const t = performance.now();
    const nodeStatements: string[] = [];
    statements[node.unique_id] = nodeStatements;
    let outcome: MaterializeOutcome | undefined;
    let message: string;
    let connection: Connection | undefined;
    const source = options.warehouseFor?.(node) ?? warehouse;
    try {
      connection = await source.acquire();
      await connection.setQueryTag?.(`clv:${node.package_name}:${node.name}:${invocation}`);
      const toRun = 'introspection' in node && node.introspection && options.introspect ? await options.introspect(node, connection, manifest) : node;
      outcome = await materialize(
        { node: toRun, connection, dialect: warehouse.dialect, relations, fullRefresh: fullRefreshOf.get(node.unique_id)!, projectRoot: options.projectRoot ?? process.cwd(), statements: nodeStatements, manifest, microbatch: plan.microbatch, targetColumns }, // clv microbatch: window
        toRun,
      );
      message = outcome.message;
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    } finally {
      if (connection) source.release(connection);
    }
    const elapsed = (performance.now() - t) / 1000;
    const s: NodeStatus = outcome?.status ?? 'error';
    record(node, {
      unique_id: node.unique_id, status: s, message, thread_id: threadId, execution_time: elapsed,
      timing: [{ name: 'execute', started_at: started, completed_at: new Date().toISOString() }],
      adapter_response: outcome?.rowsAffected === undefined ? {} : { rows_affected: outcome.rowsAffected, _message: message },
      failures: node.resource_type === 'test' ? (outcome?.failures ?? null) : null,
      compiled_path: compiledPathOf(node), relation_name: relationName(warehouse, node),
      ...(outcome?.batchResults ? { batch_results: outcome.batchResults } : {}), // clv microbatch
    }, index);
    return s;
  };

  await new Promise<void>((resolve) => {
    let running = 0;
    const pump = (): void => {
      while (!stopping && ready.length > 0 && running < threads) {
        const id = ready.shift()!;
        const node = manifest.nodes[id]!;
        if (!isExecuted(node)) { finish(id, 'success'); continue; }
        const threadId = freeThreads.pop()!;
        running++;
        const index = ++nextIndex;
        // runNode never rejects unless onEvent throws; treat that as the node's error rather than hang.
        void runNode(node, index, threadId).catch((): NodeStatus => 'error').then((s) => {
          running--;
          freeThreads.push(threadId);
          if (options.failFast && FAILED.has(s)) stopping = true;
          finish(id, s);
          pump();
        });
      }
      if (running === 0) resolve();
    };
    pump();
  });

  // Whatever never started (fail-fast) is reported as skipped, in plan order.
  for (const p of planned) {
    if (!status.has(p.uniqueId)) skip(p.uniqueId, 'SKIPPED because --fail-fast stopped the run after a failure');
  }

  const elapsedTime = (performance.now() - t0) / 1000;
  const runResults: RunResults = { started_at: startedAt.toISOString(), elapsed_time: elapsedTime, results, statements };
  emit({ type: 'run_finish', results: runResults });
  return runResults;
}
