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
    // Common shortcut: a relationships test to a model its tested model reads directly gates exactly what
    // a single-parent test on the tested model would.
    const lowest = deps.length > 1 ? deps.find((d) => deps.every((e) => e === d || index.parents.get(d)!.includes(e))) : deps[0];
    if (lowest !== undefined) {
      for (const child of relationChildren(index, lowest)) add(child, test);
    } else if (deps.length > 1) multi.push([test, deps]);
  }
  if (multi.length > 0) addMultiParentEdges(index, multi, add);
  return edges;
}

function relationChildren(index: GraphIndex, id: string): string[] {
  return (index.children.get(id) ?? []).filter((c) => index.position.has(c));
}

/**
 * Ancestor bitsets over only the nodes multi-parent tests depend on (usually far fewer than all nodes).
 * Walking relations in topological order, a test newly covered at N (all its deps upstream of N, but not
 * all upstream of any one parent) must have a dep in anc(N) \ anc(P) for every parent P; scanning that
 * difference for one parent finds the candidates without a per-test graph search.
 */
function addMultiParentEdges(index: GraphIndex, multi: Array<[string, string[]]>, add: (node: string, test: string) => void): void {
  const bit = new Map<string, number>();
  for (const [, deps] of multi) for (const d of deps) if (!bit.has(d)) bit.set(d, bit.size);
  const testsByBit: number[][] = Array.from({ length: bit.size }, () => []);
  // Flat arrays: test t's dep bits are depBits[depStart[t] .. depStart[t + 1]).
  const depStart = new Int32Array(multi.length + 1);
  const flat: number[] = [];
  multi.forEach(([, deps], t) => {
    for (const b of new Set(deps.map((d) => bit.get(d)!))) {
      flat.push(b);
      testsByBit[b]!.push(t);
    }
    depStart[t + 1] = flat.length;
  });
  const depBits = Int32Array.from(flat);

  const words = Math.ceil(bit.size / 32);
  const ancestors = new Uint32Array(index.order.length * words);
  const covers = (row: number, t: number): boolean => {
    const base = row * words;
    for (let i = depStart[t]!; i < depStart[t + 1]!; i++) {
      const b = depBits[i]!;
      if ((ancestors[base + (b >>> 5)]! & (1 << (b & 31))) === 0) return false;
    }
    return true;
  };
  const coveredByAParent = (parentRows: number[], t: number): boolean => {
    for (const prow of parentRows) if (covers(prow, t)) return true;
    return false;
  };
  const stamp = new Int32Array(multi.length).fill(-1);

  index.order.forEach((id, row) => {
    const base = row * words;
    const parentRows = (index.parents.get(id) ?? []).map((p) => index.position.get(p)!);
    if (parentRows.length === 0) return;
    for (const prow of parentRows) {
      for (let w = 0; w < words; w++) ancestors[base + w]! |= ancestors[prow * words + w]!;
      const b = bit.get(index.order[prow]!);
      if (b !== undefined) ancestors[base + (b >>> 5)]! |= 1 << (b & 31);
    }
    let deepest = parentRows[0]!;
    for (const prow of parentRows) if (prow > deepest) deepest = prow;
    for (let w = 0; w < words; w++) {
      let diff = ancestors[base + w]! & ~ancestors[deepest * words + w]!;
      while (diff !== 0) {
        const low = diff & -diff;
        diff ^= low;
        for (const t of testsByBit[w * 32 + (31 - Math.clz32(low))]!) {
          if (stamp[t] === row) continue;
          stamp[t] = row;
          if (covers(row, t) && !coveredByAParent(parentRows, t)) add(id, multi[t]![0]);
        }
      }
    }
  });
}
