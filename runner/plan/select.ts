// Turns a Spec into unique ids. Each criterion selects its nodes, applies its graph operators, then pulls
// in tests indirectly (dbt's eager/cautious/buildable/empty); unions, intersections and exclusions combine
// those per-criterion results exactly as dbt does, so `--exclude my_model` also drops my_model's tests.
import type { GraphIndex } from './graph.js';
import { reach } from './graph.js';
import type { Criteria } from './criteria.js';
import { runMethod } from './methods.js';
import type { Spec } from './spec.js';
import type { IndirectSelection } from './types.js';

interface Selected {
  direct: Set<string>;
  /** Tests reached from a selected node but held back (cautious/buildable) until all parents are in. */
  indirect: Set<string>;
}

export function evaluate(index: GraphIndex, spec: Spec): Set<string> {
  return evaluateSpec(index, spec).direct;
}

function evaluateSpec(index: GraphIndex, spec: Spec): Selected {
  if (spec.kind === 'criteria') return evaluateCriteria(index, spec.criteria);
  const bundles = spec.parts.map((part) => evaluateSpec(index, part));
  const direct = combine(spec.kind, bundles.map((b) => b.direct));
  const indirect = combine(spec.kind, bundles.map((b) => union([b.direct, b.indirect])));
  return { direct: incorporateIndirect(index, direct, indirect, spec.indirectSelection ?? 'eager'), indirect };
}

function evaluateCriteria(index: GraphIndex, criteria: Criteria): Selected {
  const collected = new Set(runMethod(index, criteria));
  const walks = criteria.parents || criteria.children || criteria.childrensParents;
  const selected = walks ? new Set(collected) : collected;
  if (criteria.parents) for (const id of reach(collected, index.parents, criteria.parentsDepth)) selected.add(id);
  if (criteria.children) for (const id of reach(collected, index.children, criteria.childrenDepth)) selected.add(id);
  if (criteria.childrensParents) {
    const descendants = reach(collected, index.children);
    for (const id of descendants) selected.add(id);
    for (const id of reach(union([collected, descendants]), index.parents)) selected.add(id);
  }
  return expandTests(index, selected, criteria.indirectSelection ?? 'eager');
}

/** dbt's expand_selection: tests that are direct children of selected nodes. */
function expandTests(index: GraphIndex, selected: Set<string>, mode: IndirectSelection): Selected {
  const direct = mode === 'eager' ? selected : new Set(selected); // eager never reads `selected` again
  const indirect = new Set<string>();
  if (mode === 'empty') return { direct, indirect };
  const buildable = mode === 'buildable' ? union([selected, reach(selected, index.parents), sourceIds(index)]) : undefined;
  for (const id of mode === 'eager' ? [...selected] : selected) {
    for (const child of index.children.get(id) ?? []) {
      if (index.nodes.get(child)?.resource_type !== 'test' || direct.has(child)) continue;
      const parents = index.parents.get(child) ?? [];
      if (mode === 'eager' || parents.every((p) => selected.has(p))) direct.add(child);
      else if (buildable && parents.every((p) => buildable.has(p))) direct.add(child);
      else indirect.add(child);
    }
  }
  return { direct, indirect };
}

/** dbt's incorporate_indirect_nodes: a held-back test joins once all of its parents made it in. */
function incorporateIndirect(index: GraphIndex, direct: Set<string>, indirect: Set<string>, mode: IndirectSelection): Set<string> {
  if (mode === 'eager' || mode === 'empty') return direct;
  const allowed = mode === 'buildable' ? union([direct, reach(direct, index.parents)]) : direct;
  const out = new Set(direct);
  for (const id of indirect) {
    if (!direct.has(id) && (index.parents.get(id) ?? []).every((p) => allowed.has(p))) out.add(id);
  }
  return out;
}

function combine(kind: 'union' | 'intersection' | 'difference', sets: Set<string>[]): Set<string> {
  if (kind === 'union') return union(sets);
  if (sets.length === 0) return new Set();
  const [first, ...rest] = sets;
  if (kind === 'difference') return new Set([...first!].filter((id) => !rest.some((s) => s.has(id))));
  return new Set([...first!].filter((id) => rest.every((s) => s.has(id))));
}

function union(sets: Iterable<Set<string>>): Set<string> {
  const out = new Set<string>();
  for (const s of sets) for (const id of s) out.add(id);
  return out;
}

function sourceIds(index: GraphIndex): Set<string> {
  return new Set(Object.keys(index.manifest.sources));
}
