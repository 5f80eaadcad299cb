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
  /** Non-test nodes (models, seeds, sources) in topological order, computed with graphlib. */
  order: string[];
  /** Position of each non-test node in `order`. */
  position: Map<string, number>;
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
    const ups = [...new Set(node.depends_on?.nodes ?? manifest.parent_map[id] ?? [])].filter((p) => nodes.has(p));
    parents.set(id, ups);
    for (const p of ups) children.get(p)!.push(id);
  }

  const order = topologicalOrder(nodes, parents);
  const position = new Map<string, number>();
  order.forEach((id, i) => position.set(id, i));
  return { manifest, nodes, parents, children, order, position };
}

/** Tests are leaves of the manifest DAG, so the order is computed over relations only (smaller graph). */
function topologicalOrder(nodes: Map<string, AnyNode>, parents: Map<string, string[]>): string[] {
  const g = new Graph({ directed: true });
  for (const [id, node] of nodes) {
    if (node.resource_type === 'test') continue;
    g.setNode(id);
    for (const p of parents.get(id)!) g.setEdge(p, id);
  }
  try {
    return alg.topsort(g);
  } catch (err) {
    if (!(err instanceof alg.CycleException)) throw err;
    const cycle = alg.findCycles(g)[0] ?? [];
    const path = [...cycle].reverse();
    throw new ProjectError(`Dependency cycle: ${[...path, path[0]].join(' → ')}`, {
      location: { file: nodes.get(path[0] ?? '')?.original_file_path },
      hint: 'Remove one of the ref()/source() calls on this path.',
    });
  }
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
