// Plan order: relations in topological order, each test right after the last node it waits for, so a
// model's tests run as soon as it is built (and in `test`, tests come grouped in model order).
import type { GraphIndex } from './graph.js';

export function planOrder(index: GraphIndex, planned: Set<string>, dependsOn: Map<string, string[]>): string[] {
  const tests = [...planned].filter((id) => !index.position.has(id));
  const pending = new Map<string, number>();
  const waiting = new Map<string, string[]>();
  const ready: string[] = [];
  for (const test of tests) {
    const deps = dependsOn.get(test) ?? [];
    pending.set(test, deps.length);
    if (deps.length === 0) ready.push(test);
    for (const d of deps) {
      const list = waiting.get(d);
      if (list) list.push(test);
      else waiting.set(d, [test]);
    }
  }

  const out: string[] = [];
  const emit = (id: string): void => {
    out.push(id);
    for (const test of waiting.get(id) ?? []) {
      const left = pending.get(test)! - 1;
      pending.set(test, left);
      if (left === 0) emit(test);
    }
  };
  // Free-standing tests (nothing planned upstream) first, ordered by where their tested node sits.
  const rank = (test: string) => Math.min(Infinity, ...(index.parents.get(test) ?? []).map((p) => index.position.get(p) ?? Infinity));
  ready
    .map((test) => [test, rank(test)] as const)
    .sort((a, b) => a[1] - b[1])
    .forEach(([test]) => emit(test));
  for (const id of index.order) if (planned.has(id)) emit(id);
  return out;
}
