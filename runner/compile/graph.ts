// parent_map / child_map and cycle detection. graphlib finds the strongly connected components; we then walk
// one to print the cycle as a path (a → b → c → a), which is what a user needs to break it.
import { Graph, alg } from '@dagrejs/graphlib';
import { ProjectError } from '../errors.js';

export function buildMaps(parents: Record<string, string[]>): { parent_map: Record<string, string[]>; child_map: Record<string, string[]> } {
  // Built in a Map and copied once: 20,000 dotted keys put a plain object in dictionary mode, where every
  // `??=` lookup costs far more than a Map's.
  const children = new Map<string, string[]>();
  for (const id of Object.keys(parents)) children.set(id, []);
  for (const id in parents) {
    for (const up of parents[id]!) {
      const list = children.get(up);
      if (list) list.push(id);
      else children.set(up, [id]);
    }
  }
  const child_map: Record<string, string[]> = {};
  for (const [id, list] of children) {
    if (list.length > 1) list.sort();
    child_map[id] = list;
  }
  return { parent_map: parents, child_map };
}

export function assertAcyclic(parents: Record<string, string[]>, fileOf: (id: string) => string | undefined): void {
  if (isAcyclic(parents)) return;
  // Only a project that has a cycle pays for building the graphlib graph.
  const graph = new Graph({ directed: true });
  for (const [id, ups] of Object.entries(parents)) {
    graph.setNode(id);
    for (const up of ups) graph.setEdge(up, id);
  }
  const component = alg.findCycles(graph)[0]!;
  const path = cyclePath(graph, component);
  const names = path.map((id) => id.split('.').pop()!);
  throw new ProjectError(`dependency cycle: ${names.join(' → ')}`, {
    location: { file: fileOf(path[0]!) },
    hint: `Remove one of these ref()s: ${path.slice(0, -1).map((id, i) => `${fileOf(path[i + 1]!) ?? path[i + 1]} refs ${names[i]}`).join('; ')}.`,
  });
}

/** A concrete cycle inside a strongly connected component, as upstream → downstream → ... → start. */
function cyclePath(graph: Graph, component: string[]): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const node = queue.shift()!;
    for (const next of graph.successors(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [...component, component[0]!];
}

/** Kahn's algorithm: O(nodes + edges), cheap enough to run on every compile of a 5,000-model project. */
function isAcyclic(parents: Record<string, string[]>): boolean {
  const remaining = new Map<string, number>();
  const children = new Map<string, string[]>();
  // One pass per node, no entry pairs or filtered copies: this runs on every cold compile over ~20,000 nodes.
  for (const id in parents) {
    let count = 0;
    for (const up of parents[id]!) {
      if (!(up in parents)) continue;
      count++;
      const list = children.get(up);
      if (list) list.push(id);
      else children.set(up, [id]);
    }
    remaining.set(id, count);
  }
  const ready: string[] = [];
  for (const [id, count] of remaining) if (count === 0) ready.push(id);
  let visited = 0;
  while (ready.length) {
    const id = ready.pop()!;
    visited++;
    for (const child of children.get(id) ?? []) {
      const count = remaining.get(child)! - 1;
      remaining.set(child, count);
      if (count === 0) ready.push(child);
    }
  }
  return visited === remaining.size;
}
