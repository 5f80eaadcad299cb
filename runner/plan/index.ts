// The pure planner: manifest + selection -> which nodes run, in what order, waiting for what. No I/O.
import type { AnyNode, Manifest } from '../manifest.js';
import { UsageError } from '../errors.js';
import { dependencies } from './dependencies.js';
import { graphIndex } from './graph.js';
import { planOrder } from './order.js';
import { resourceKind } from './resource-kind.js';
import { selectNodes as selectFrom } from './selection.js';
import { testEdges } from './test-edges.js';
import type { Command, Plan, PlannedNode, PlanOptions, Selection } from './types.js';

export type { Command, IndirectSelection, Plan, PlannedNode, PlanOptions, RetryState, Selection } from './types.js';

interface CommandNodes {
  /** Resource kinds the command is about: what `selected` reports. */
  about: (node: AnyNode) => boolean;
  /** Of those, the ones that become plan nodes. */
  planned: (node: AnyNode) => boolean;
}

const isEphemeral = (n: AnyNode) => n.resource_type === 'model' && n.config?.materialized === 'ephemeral';
/** Snapshots are model nodes built by their own command (and by build), never by run, as in dbt. */
const isSnapshot = (n: AnyNode) => resourceKind(n) === 'snapshot';
const isExecutable = (n: AnyNode) => n.resource_type !== 'source';
/** Analyses are compiled (compile, show, ls), never built, as in dbt. */
const isBuilt = (n: AnyNode) => isExecutable(n) && n.resource_type !== 'analysis';
const all = () => true;

const COMMANDS: Record<Exclude<Command, 'retry'>, CommandNodes> = {
  // Ephemeral models are inlined as CTEs into their dependents: selected, never executed.
  run: { about: (n) => resourceKind(n) === 'model', planned: (n) => !isEphemeral(n) },
  snapshot: { about: isSnapshot, planned: all },
  seed: { about: (n) => n.resource_type === 'seed', planned: all },
  test: { about: (n) => n.resource_type === 'test', planned: all },
  build: { about: isBuilt, planned: (n) => !isEphemeral(n) },
  compile: { about: isExecutable, planned: all },
  show: { about: isExecutable, planned: all },
  ls: { about: all, planned: all },
};

/** Statuses `retry` picks up again (dbt's retry: from the point of failure, plus what that failure skipped). */
const RETRY_STATUSES = new Set(['error', 'fail', 'skipped', 'runtime error']);

/**
 * With `selectors` (parsed selectors.yml), `selection.selector` names a YAML selector, and a selector
 * marked `default: true` applies when nothing is selected on the command line.
 */
export function selectNodes(manifest: Manifest, selection: Selection, selectors?: Record<string, unknown>): Set<string> {
  return selectFrom(manifest, selection, selectors);
}

export function plan(manifest: Manifest, options: PlanOptions): Plan {
  const index = graphIndex(manifest);
  const [command, chosen] = resolve(manifest, options);
  const kinds = COMMANDS[command];

  const about = new Set<string>();
  const planned = new Set<string>();
  for (const id of chosen) {
    const node = index.nodes.get(id);
    if (!node || !kinds.about(node)) continue;
    about.add(id);
    if (kinds.planned(node)) planned.add(id);
  }

  const gates = command === 'build' ? testEdges(index, [...planned].filter((id) => !index.position.has(id))) : new Map();
  const dependsOn = dependencies(index, planned, gates);
  const order = planOrder(index, planned, dependsOn);

  const dependents = new Map<string, string[]>(order.map((id) => [id, []]));
  for (const id of order) for (const d of dependsOn.get(id)!) dependents.get(d)!.push(id);

  const nodes = order.map((id): PlannedNode => {
    const node = index.nodes.get(id)!;
    const configured = node.config?.full_refresh;
    return {
      uniqueId: id,
      resourceType: node.resource_type,
      dependsOn: dependsOn.get(id)!,
      dependents: dependents.get(id)!,
      fullRefresh: typeof configured === 'boolean' ? configured : options.fullRefresh === true,
    };
  });
  // Selected but never executed (ephemeral models in run/build) follow the plan, in DAG order.
  const unplanned = [...about].filter((id) => !planned.has(id));
  unplanned.sort((a, b) => (index.position.get(a) ?? 0) - (index.position.get(b) ?? 0));
  const selected = [...order, ...unplanned];
  return { command, nodes, selected };
}

function resolve(manifest: Manifest, options: PlanOptions): [Exclude<Command, 'retry'>, Set<string>] {
  if (options.command !== 'retry') {
    return [options.command, selectFrom(manifest, options.selection, options.selectors)];
  }
  if (!options.retry) {
    throw new UsageError('Nothing to retry: no results from a previous run.', {
      hint: 'Run a command such as `clv build` first; `retry` re-runs what failed or was skipped in it.',
    });
  }
  const failed = Object.entries(options.retry.statuses)
    .filter(([, status]) => RETRY_STATUSES.has(status))
    .map(([id]) => id);
  return [options.retry.command, new Set(failed)];
}
