// Assertion helpers shared by the planner tests: compare selections by short name, check plan invariants.
import { expect } from 'vitest';
import { UsageError } from '../../runner/errors.js';
import type { Manifest } from '../../runner/manifest.js';
import { selectNodes } from '../../runner/plan/index.js';
import type { Plan, Selection } from '../../runner/plan/index.js';

/** Names (not ids) of what `select` picks, sorted: `names(m, 'tag:x', '+y')`. */
export function names(manifest: Manifest, ...select: string[]): string[] {
  return namesOf(manifest, selectNodes(manifest, { select }));
}

export function namesWith(manifest: Manifest, selection: Selection, selectors?: Record<string, unknown>): string[] {
  return namesOf(manifest, selectNodes(manifest, selection, selectors));
}

export function namesOf(manifest: Manifest, ids: Iterable<string>): string[] {
  return [...ids].map((id) => (manifest.nodes[id] ?? manifest.sources[id])!.name).sort();
}

/** Every dependency is planned and comes earlier; dependents mirror dependsOn. Collects every violation
 * and asserts once, so a 20,000-node plan is checked in milliseconds. */
export function expectValidPlan(plan: Plan): void {
  const position = new Map(plan.nodes.map((n, i) => [n.uniqueId, i]));
  const problems: string[] = [];
  if (position.size !== plan.nodes.length) problems.push('a node is planned twice');
  for (const [i, node] of plan.nodes.entries()) {
    for (const dep of node.dependsOn) {
      const at = position.get(dep);
      if (at === undefined) problems.push(`${node.uniqueId} waits for unplanned ${dep}`);
      else if (at >= i) problems.push(`${dep} must come before ${node.uniqueId}`);
      else if (!plan.nodes[at]!.dependents.includes(node.uniqueId)) problems.push(`${dep} does not list ${node.uniqueId} as a dependent`);
    }
  }
  expect(problems.slice(0, 10)).toEqual([]);
}

export function planned(plan: Plan): string[] {
  return plan.nodes.map((n) => n.uniqueId);
}

export function dependsOn(plan: Plan, id: string): string[] {
  const node = plan.nodes.find((n) => n.uniqueId === id);
  if (!node) throw new Error(`${id} is not planned`);
  return [...node.dependsOn].sort();
}

/** The CLI's rendering (message and hint) of the UsageError `fn` must throw. */
export function usageText(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).format();
  }
  throw new Error('expected a UsageError, nothing was thrown');
}
