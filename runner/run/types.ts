// Plain data flowing out of the executor. Shapes follow dbt's run_results.json so CI tooling that reads
// dbt artifacts can read ours.
import type { ExecutableNode } from '../manifest.js';
import type { BatchResults, MicrobatchRequest } from '../microbatch/types.js';

/** One node of the planner's output: run it once every `dependsOn` ended success/warn/pass. */
export interface PlannedNode {
  uniqueId: string;
  dependsOn: string[];
  /** Per-node full refresh decided by the planner (flag overridden by config full_refresh). */
  fullRefresh?: boolean;
}

/** The planner's output (runner/plan): nodes in topological order, and the ids the user selected. */
export interface ExecutionPlan {
  nodes: PlannedNode[];
  selected: string[];
  /** clv microbatch hook: --event-time-start/end, or the batches `clv retry` reruns. */
  microbatch?: MicrobatchRequest;
}

/** 'partial success' (dbt 1.9): a microbatch model some of whose batches failed; its downstream is skipped
 * and `retry` reruns only the failed batches. */
export type NodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'fail' | 'warn' | 'partial success';

/** Statuses that fail an invocation (non-zero exit), as dbt interprets results. */
export const FAILED: ReadonlySet<NodeStatus> = new Set<NodeStatus>(['error', 'fail', 'partial success']);

export interface TimingInfo {
  name: 'compile' | 'execute';
  started_at: string;
  completed_at: string;
}

export interface NodeResult {
  unique_id: string;
  status: NodeStatus;
  /** Engine message on error, test threshold text on fail/warn, 'OK' / 'SKIPPED ...' otherwise. */
  message: string | null;
  timing: TimingInfo[];
  thread_id: string;
  /** Seconds. */
  execution_time: number;
  adapter_response: { rows_affected?: number; _message?: string };
  /** Failing rows of a test; null for models and seeds. */
  failures: number | null;
  /** Project-relative path of the compiled SQL (target/compiled/...). */
  compiled_path: string | null;
  relation_name: string | null;
  /** clv microbatch hook: dbt's per-batch outcome of a microbatch model. */
  batch_results?: BatchResults;
}

export interface RunResults {
  started_at: string;
  /** Seconds, wall clock of the whole execution. */
  elapsed_time: number;
  results: NodeResult[];
  /** unique_id -> statements actually sent to the engine, for target/run/**.sql. */
  statements: Record<string, string[]>;
}

export type RunEvent =
  | { type: 'run_start'; total: number; threads: number; target: string }
  | { type: 'node_start'; index: number; total: number; node: ExecutableNode; threadId: string }
  | { type: 'node_finish'; index: number; total: number; node: ExecutableNode; result: NodeResult }
  | { type: 'run_finish'; results: RunResults };

/** Statuses that let downstream nodes run. */
export const PASSING: ReadonlySet<NodeStatus> = new Set<NodeStatus>(['success', 'warn', 'pass']);
