// The manifest's DAG, indexed once per manifest so selection and planning stay linear in its size.
// Cached in a WeakMap: `selectNodes` then `plan` on the same manifest share one index.
import { Graph, alg } from '@dagrejs/graphlib';
import type { AnyNode, Manifest } from '../manifest.js';
import { ProjectError } from '../errors.js';

export interface GraphIndex {
  manifest: Manifest;
  /** Enabled models, seeds, tests and sources. */
  nodes: Map<string, AnyNode>;
  parents: Map<string, string[]>;
  children: Map<string, string[]>;
  /** Non-test nodes (models, seeds, sources) in topological order. */
  order: string[];
  /** Position of each non-test node in `order`. */
  position: Map<string, number>;
  /** clv framework (state:): the previous manifest (`--state`) this selection compares with. */
  previous?: Manifest;
}

const cache = new WeakMap<Manifest, GraphIndex>();

export function graphIndex(manifest: Manifest): GraphIndex {
  let index = cache.get(manifest);
  if (!index) {
    index = buildIndex(manifest);
    cache.set(manifest, index);
  }
  return index;
}

function buildIndex(manifest: Manifest): GraphIndex {
  const nodes = new Map<string, AnyNode>();
  for (const node of Object.values(manifest.sources)) if (node.config?.enabled !== false) nodes.set(node.unique_id, node);
  for (const node of Object.values(manifest.nodes)) if (node.config?.enabled !== false) nodes.set(node.unique_id, node);

  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const id of nodes.keys()) children.set(id, []);
  for (const [id, node] of nodes) {
    // depends_on is the compiler's truth; parent_map is its denormalised copy for artifact readers.
    const ups: string[] = [];
    for (const p of node.depends_on?.nodes ?? manifest.parent_map[id] ?? []) if (nodes.has(p) && !ups.includes(p)) ups.push(p);
    parents.set(id, ups);
    for (const p of ups) children.get(p)!.push(id);
  }

  const order = topologicalOrder(nodes, parents, children);
  const position = new Map<string, number>();
  order.forEach((id, i) => position.set(id, i));
  return { manifest, nodes, parents, children, order, position };
}

/**
 * Kahn's algorithm over relations only (tests are leaves of the manifest DAG). graphlib's Graph costs tens
 * of microseconds per edge, which alone would eat the planning budget on a 5,000-model project, so it is
 * only brought in to find the cycle when there is one.
 */
function topologicalOrder(nodes: Map<string, AnyNode>, parents: Map<string, string[]>, children: Map<string, string[]>): string[] {
  const waiting = new Map<string, number>();
  const order: string[] = [];
  for (const [id, node] of nodes) {
    if (node.resource_type === 'test') continue;
    const count = parents.get(id)!.length;
    waiting.set(id, count);
    if (count === 0) order.push(id);
  }
  for (let i = 0; i < order.length; i++) {
    for (const child of children.get(order[i]!)!) {
      const left = waiting.get(child);
      if (left === undefined) continue; // a test
      waiting.set(child, left - 1);
      if (left === 1) order.push(child);
    }
  }
  if (order.length !== waiting.size) throw cycleError(nodes, parents, new Set(order));
  return order;
}

function cycleError(nodes: Map<string, AnyNode>, parents: Map<string, string[]>, ordered: Set<string>): ProjectError {
  const g = new Graph({ directed: true });
  for (const [id, node] of nodes) {
    if (node.resource_type === 'test' || ordered.has(id)) continue;
    for (const p of parents.get(id)!) if (!ordered.has(p)) g.setEdge(p, id);
  }
  const component = new Set(alg.findCycles(g)[0] ?? []);
  // A strongly connected component is not yet a path: walk its edges until a node repeats.
  const path: string[] = [];
  const seen = new Map<string, number>();
  const next = (id: string): string | undefined => (g.successors(id) ?? []).find((n) => component.has(n));
  let at: string | undefined = [...component][0];
  while (at !== undefined && !seen.has(at)) {
    seen.set(at, path.length);
    path.push(at);
    at = next(at);
  }
  const last = at;
  const cycle = last === undefined ? path : [...path.slice(seen.get(last)), last];
  return new ProjectError(`Dependency cycle: ${cycle.join(' → ')}`, {
    location: { file: nodes.get(cycle[0] ?? '')?.original_file_path },
    hint: 'Remove one of the ref()/source() calls on this path.',
  });
}

/** Nodes reachable through `next` from `start` (excluded), at most `depth` steps away (undefined = unbounded). */
export function reach(start: Iterable<string>, next: Map<string, string[]>, depth?: number): Set<string> {
  const found = new Set<string>();
  let frontier = [...start];
  for (let step = 0; frontier.length > 0 && (depth === undefined || step < depth); step++) {
    const following: string[] = [];
    for (const id of frontier) {
      for (const n of next.get(id) ?? []) {
        if (!found.has(n)) {
          found.add(n);
          following.push(n);
        }
      }
    }
    frontier = following;
  }
  return found;
}
