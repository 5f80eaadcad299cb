// Lineage graph selection, dbt-style: `name`, `+name`, `name+`, `+name+`, `2+name+1`. Pure (no DOM) so it
// is unit-tested in Node. Large projects render only the focused subgraph, trimmed by depth to a cap,
// because a layered layout of thousands of nodes is neither fast nor readable.
export interface GraphNode {
  id: string;
  name: string;
  parents: string[];
}

export interface LineageGraph {
  nodes: Map<string, GraphNode>;
  children: Map<string, string[]>;
  byName: Map<string, string>;
}

export function buildGraph(nodes: GraphNode[]): LineageGraph {
  const map = new Map(nodes.map((n) => [n.id, n]));
  const children = new Map<string, string[]>();
  const byName = new Map<string, string>();
  for (const node of nodes) {
    if (!byName.has(node.name)) byName.set(node.name, node.id);
    for (const parent of node.parents) {
      if (!map.has(parent)) continue;
      let list = children.get(parent);
      if (!list) children.set(parent, (list = []));
      list.push(node.id);
    }
  }
  return { nodes: map, children, byName };
}

export interface Selector {
  id: string;
  up: number;
  down: number;
}

export function parseSelector(graph: LineageGraph, text: string): Selector | undefined {
  const match = /^\s*(?:(\d*)\+)?([^+\s]+?)(?:\+(\d*))?\s*$/.exec(text);
  if (!match) return undefined;
  const [, up, name, down] = match;
  const id = graph.nodes.has(name!) ? name! : graph.byName.get(name!);
  if (!id) return undefined;
  const depth = (value: string | undefined) => (value === undefined ? 0 : value === '' ? Infinity : Number(value));
  return { id, up: depth(up), down: depth(down) };
}

/** Breadth-first distances from `start` along `next`, up to `limit` hops. */
function distances(start: string, next: (id: string) => string[], limit: number): Map<string, number> {
  const seen = new Map<string, number>([[start, 0]]);
  let frontier = [start];
  for (let d = 1; frontier.length > 0 && d <= limit; d++) {
    const following: string[] = [];
    for (const id of frontier) {
      for (const n of next(id)) {
        if (seen.has(n)) continue;
        seen.set(n, d);
        following.push(n);
      }
    }
    frontier = following;
  }
  return seen;
}

export interface Subgraph {
  ids: Set<string>;
  edges: [string, string][];
  /** Depth actually shown when the cap trimmed the selection. */
  trimmedTo?: number;
  /** Nodes the untrimmed selection would have had. */
  selected: number;
}

export function selectSubgraph(graph: LineageGraph, selector: Selector, cap: number): Subgraph {
  const up = distances(selector.id, (id) => graph.nodes.get(id)?.parents.filter((p) => graph.nodes.has(p)) ?? [], selector.up);
  const down = distances(selector.id, (id) => graph.children.get(id) ?? [], selector.down);
  const depthOf = new Map<string, number>();
  for (const [id, d] of [...up, ...down]) depthOf.set(id, Math.min(d, depthOf.get(id) ?? Infinity));
  let ids = new Set(depthOf.keys());
  const selected = ids.size;
  let trimmedTo: number | undefined;
  if (ids.size > cap) {
    const counts = new Map<number, number>();
    for (const d of depthOf.values()) counts.set(d, (counts.get(d) ?? 0) + 1);
    let total = 0;
    let depth = 0;
    for (const d of [...counts.keys()].sort((a, b) => a - b)) {
      if (total + counts.get(d)! > cap && d > 0) break;
      total += counts.get(d)!;
      depth = d;
    }
    trimmedTo = depth;
    ids = new Set([...depthOf].filter(([, d]) => d <= depth).map(([id]) => id));
  }
  return { ids, edges: edgesWithin(graph, ids), trimmedTo, selected };
}

export function edgesWithin(graph: LineageGraph, ids: Set<string>): [string, string][] {
  const edges: [string, string][] = [];
  for (const id of ids) for (const parent of graph.nodes.get(id)?.parents ?? []) if (ids.has(parent)) edges.push([parent, id]);
  return edges;
}

/** The most connected node: a sensible default focus for a project too large to draw whole. */
export function hub(graph: LineageGraph): string | undefined {
  let best: string | undefined;
  let degree = -1;
  for (const node of graph.nodes.values()) {
    const d = node.parents.length + (graph.children.get(node.id)?.length ?? 0);
    if (d > degree) [best, degree] = [node.id, d];
  }
  return best;
}
