// `build` runs tests between relations: a node waits for the tests of its upstream relations, so a failing
// error-severity test skips what is built on the tested data. The rule is dbt's (Linker.add_test_edges): a
// test gates node N when every node the test depends on is upstream of N. A relationships test on
// orders -> customers therefore gates only nodes downstream of both, never `customers` itself (which may be
// built from orders: gating it would be a cycle). We add the edge only at the first such nodes on each
// path; everything further down is gated through them.
import type { GraphIndex } from './graph.js';

/** node id -> planned tests it must wait for. */
export function testEdges(index: GraphIndex, plannedTests: string[]): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  const add = (node: string, test: string) => {
    const list = edges.get(node);
    if (list) list.push(test);
    else edges.set(node, [test]);
  };
  const multi: Array<[string, string[]]> = [];
  for (const test of plannedTests) {
    const deps = (index.parents.get(test) ?? []).filter((p) => index.position.has(p));
    if (deps.length === 1) {
      for (const child of relationChildren(index, deps[0]!)) add(child, test);
    } else if (deps.length > 1) multi.push([test, deps]);
  }
  if (multi.length > 0) addMultiParentEdges(index, multi, add);
  return edges;
}

function relationChildren(index: GraphIndex, id: string): string[] {
  return (index.children.get(id) ?? []).filter((c) => index.position.has(c));
}

/**
 * Ancestor bitsets, but only over the nodes multi-parent tests depend on (usually far fewer than all
 * nodes), so memory stays nodes x (deps / 32) words rather than nodes squared.
 */
function addMultiParentEdges(index: GraphIndex, multi: Array<[string, string[]]>, add: (node: string, test: string) => void): void {
  const bit = new Map<string, number>();
  for (const [, deps] of multi) for (const d of deps) if (!bit.has(d)) bit.set(d, bit.size);
  const words = Math.ceil(bit.size / 32);
  const ancestors = new Uint32Array(index.order.length * words);
  index.order.forEach((id, row) => {
    const base = row * words;
    for (const p of index.parents.get(id) ?? []) {
      const prow = index.position.get(p)!;
      for (let w = 0; w < words; w++) ancestors[base + w]! |= ancestors[prow * words + w]!;
      const b = bit.get(p);
      if (b !== undefined) ancestors[base + (b >>> 5)]! |= 1 << (b & 31);
    }
  });
  const isAncestor = (dep: string, node: string): boolean => {
    const b = bit.get(dep)!;
    return (ancestors[index.position.get(node)! * words + (b >>> 5)]! & (1 << (b & 31))) !== 0;
  };

  for (const [test, deps] of multi) {
    // Deps that are upstream of another dep add nothing: only the most downstream ones decide.
    const maximal = deps.filter((d) => !deps.some((e) => e !== d && isAncestor(d, e)));
    if (maximal.length === 1) {
      for (const child of relationChildren(index, maximal[0]!)) add(child, test);
      continue;
    }
    const seen = new Set<string>();
    let frontier = relationChildren(index, maximal[0]!);
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const node of frontier) {
        if (seen.has(node)) continue;
        seen.add(node);
        if (maximal.every((d) => isAncestor(d, node))) add(node, test);
        else next.push(...relationChildren(index, node));
      }
      frontier = next;
    }
  }
}
