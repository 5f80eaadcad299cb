// The plan's public shapes. A Plan is plain data the executor walks; it never re-reads the manifest's graph.
import type { Manifest, ResourceType } from '../manifest.js';

export type Command = 'run' | 'test' | 'build' | 'seed' | 'snapshot' | 'compile' | 'ls' | 'show' | 'retry';

/** dbt's `--indirect-selection`: how tests are pulled in by the nodes they test. Default 'eager'. */
export type IndirectSelection = 'eager' | 'cautious' | 'buildable' | 'empty';

export interface Selection {
  /** `--select` values; each value may hold several space-separated specs (a union). */
  select?: string[];
  /** `--exclude` values, same syntax as `select`. */
  exclude?: string[];
  /** `--selector` name from selectors.yml (needs PlanOptions.selectors). */
  selector?: string;
  /** `--resource-type`: keep only these resource types after selection. */
  resourceTypes?: ResourceType[];
  indirectSelection?: IndirectSelection;
  /** clv framework: the previous manifest (`--state`) for the state: selector method. */
  state?: Manifest;
}

/** What the previous invocation left behind, for `retry` (read by the CLI from run_results.json). */
export interface RetryState {
  command: Exclude<Command, 'retry'>;
  /** unique_id -> status from the previous run_results.json ('error', 'fail', 'skipped', 'success', ...). */
  statuses: Record<string, string>;
}

export interface PlanOptions {
  command: Command;
  selection: Selection;
  fullRefresh?: boolean;
  /** Parsed selectors.yml (`{ selectors: [{ name, definition, default? }] }`) or a name -> definition map. */
  selectors?: Record<string, unknown>;
  /** Required when command is 'retry'. */
  retry?: RetryState;
}

export interface PlannedNode {
  uniqueId: string;
  resourceType: ResourceType;
  /**
   * Planned nodes that must end successfully before this one runs. The executor skips this node when any of
   * them ended error or skipped, or is a test that ended 'fail' with severity error (a warn-severity test
   * never blocks). Includes edges through unplanned and ephemeral nodes (a -> [b unplanned] -> c gives c
   * dependsOn [a]), and in `build` the tests of upstream relations (relations are tested before use).
   */
  dependsOn: string[];
  /** Inverse of dependsOn: planned nodes that wait for this one (and are skipped if it fails). */
  dependents: string[];
  /** Rebuild from scratch: --full-refresh unless the node's `full_refresh` config overrides it (as in dbt). */
  fullRefresh: boolean;
}

export interface Plan {
  command: Exclude<Command, 'retry'>;
  /** Topological order; in `build` each node's tests come right after it. */
  nodes: PlannedNode[];
  /** Every selected unique id (sources and ephemeral models included), in topological order: what `ls` prints. */
  selected: string[];
}
