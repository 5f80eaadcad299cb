// A 5,000-model, 15,000-test synthetic project plans correctly. Speed is measured by `npm run bench`,
// not asserted here.
import { describe, expect, it } from 'vitest';
import { plan, selectNodes } from '../../runner/plan/index.js';
import { synthetic } from '../fixtures/plan/synthetic.js';
import { expectValidPlan } from './helpers.js';

const m = synthetic(5000);
const models = Object.values(m.nodes).filter((n) => n.resource_type === 'model');
const tests = Object.values(m.nodes).filter((n) => n.resource_type === 'test');

/** Brute-force reference: everything upstream of `start`, walking depends_on. */
function ancestorsOf(start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(m.nodes[start]?.depends_on.nodes ?? [])];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(m.nodes[id]?.depends_on.nodes ?? []));
  }
  return seen;
}

describe('a 5,000-model project', () => {
  it('has the advertised size', () => {
    expect(models).toHaveLength(5000);
    expect(tests).toHaveLength(15000);
  });

  const p = plan(m, { command: 'build', selection: {} });
  const byId = new Map(p.nodes.map((n) => [n.uniqueId, n]));

  it('builds every model and test in a valid order', () => {
    expect(p.nodes).toHaveLength(20000);
    expectValidPlan(p);
  });

  it('gates children on their parents\' single-model tests, and relationships tests on both models', () => {
    const missing: string[] = [];
    for (const model of models.slice(-300)) {
      const deps = new Set(byId.get(model.unique_id)!.dependsOn);
      for (const parent of model.depends_on.nodes.filter((d) => d.startsWith('model.'))) {
        const name = m.nodes[parent]!.name;
        for (const test of [`test.synth.not_null_${name}_id`, `test.synth.unique_${name}_id`]) {
          if (!deps.has(test)) missing.push(`${model.name} does not wait for ${test}`);
        }
      }
    }
    expect(missing).toEqual([]);
    for (const test of tests.filter((t) => t.name.startsWith('relationships_')).slice(0, 300)) {
      expect([...byId.get(test.unique_id)!.dependsOn].sort()).toEqual([...test.depends_on.nodes].sort());
    }
  });

  it('gates a node only on tests of what is upstream of it, and on every relationships test covered by its parents\' ancestry', () => {
    const wrong: string[] = [];
    for (const model of models.slice(-40)) {
      const upstream = ancestorsOf(model.unique_id);
      const gated = new Set(byId.get(model.unique_id)!.dependsOn.filter((d) => d.startsWith('test.')));
      for (const dep of gated) {
        for (const tested of m.nodes[dep]!.depends_on.nodes) if (!upstream.has(tested)) wrong.push(`${model.name} waits for ${dep}`);
      }
      // dbt's rule: every test whose nodes are all upstream must gate this model, directly or through a
      // planned parent that waits for it.
      const reachable = new Set<string>();
      const stack = [...byId.get(model.unique_id)!.dependsOn];
      while (stack.length) {
        const id = stack.pop()!;
        if (reachable.has(id)) continue;
        reachable.add(id);
        stack.push(...byId.get(id)!.dependsOn);
      }
      for (const test of tests) {
        if (test.depends_on.nodes.every((d) => upstream.has(d)) && !reachable.has(test.unique_id)) wrong.push(`${model.name} never waits for ${test.name}`);
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('selects +m exactly as a brute-force ancestor walk', () => {
    const last = models[models.length - 1]!;
    const selected = selectNodes(m, { select: [`+${last.name}`], indirectSelection: 'empty' });
    expect(selected).toEqual(new Set([last.unique_id, ...ancestorsOf(last.unique_id)]));
  });
});
