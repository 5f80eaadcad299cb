// Generic tests built from per-shape templates (runner/compile/generic-tests/shapes.ts) must be exactly the
// nodes built one by one: same JSON (key order included) and the same sharing of tags/meta with the config.
import { describe, expect, it } from 'vitest';
import { compile } from '../../runner/compile/index.js';
import { NAME_HOLE, RELATION_HOLE, isJsonSafe, shapeFor, type ShapeContext } from '../../runner/compile/generic-tests/shapes.js';
import { holeTemplate } from '../../runner/compile/node-templates.js';
import type { GenericTestDef } from '../../runner/compile/tests.js';
import { loadProject } from '../../runner/project/load.js';
import { fakeDialect, fixture } from './helpers.js';

const options = { dialect: fakeDialect, generatedAt: '2024-01-01T00:00:00Z' };

describe('generic tests from shape templates', () => {
  it('give the nodes that building each test on its own gives', async () => {
    const project = await loadProject(fixture('compile', 'test_shapes'), { env: {} });
    // fastPath: false builds every test through its macro, one by one.
    const shaped = compile(project, options).manifest;
    const single = compile(project, { ...options, fastPath: false }).manifest;
    expect(JSON.stringify(shaped)).toBe(JSON.stringify(single));
    const tests = Object.values(shaped.nodes).filter((node) => node.resource_type === 'test');
    expect(tests.length).toBeGreaterThan(25);
    for (const node of tests) {
      expect(node.tags).toBe(node.config.tags);
      expect(node.meta).toBe(node.config.meta);
    }
    const byName = new Map(tests.map((node) => [node.name, node]));
    // A tests-tree key named like one test applies to that test only, not to others of its shape.
    expect(byName.get('not_null_items_amount')!.config.severity).toBe('warn');
    expect(byName.get('not_null_amount_amount')!.config.severity).toBe('error');
    // The relation text comes from the model (alias, schema), not from its name.
    expect(byName.get('unique_payments_id')!.compiled_code).toContain('renamed_payments');
    expect(byName.get('not_null_amount_by_day_amount')!.config.severity).toBe('warn');
  });

  it('leave tests that cannot be templated to be built one by one', () => {
    const context: ShapeContext = { projectName: 'p', builtin: (name) => name !== 'custom', ephemeral: (id) => id === 'model.p.eph', configNamed: (name) => name === 'not_null_named_id' };
    const def = (overrides: Partial<GenericTestDef>): GenericTestDef => ({
      testName: 'not_null', name: 'not_null_orders_id', kwargs: { column_name: 'id' }, config: {}, columnName: 'id',
      attachedId: 'model.p.orders', attachedName: 'orders', file: 'models/schema.yml', fqn: ['p', 'not_null_orders_id'], ...overrides,
    });
    const names = new Map<string, string>();
    expect(shapeFor(def({}), context, names)?.sentinelName).toBe(`not_null_${NAME_HOLE}_id`);
    // Same shape for another model; a different one for another column or config.
    const key = shapeFor(def({}), context, names)!.key;
    expect(shapeFor(def({ name: 'not_null_items_id', attachedId: 'model.p.items', attachedName: 'items', fqn: ['p', 'not_null_items_id'] }), context, names)!.key).toBe(key);
    expect(shapeFor(def({ config: { severity: 'warn' } }), context, names)!.key).not.toBe(key);
    for (const overrides of [
      { testName: 'custom', name: 'custom_orders_id' },
      { namespace: 'dbt_utils' },
      { attachedId: 'model.p.eph', attachedName: 'eph', name: 'not_null_eph_id' },
      { attachedId: 'source.p.raw.orders', attachedName: 'source_raw_orders', name: 'not_null_source_raw_orders_id' },
      { name: 'my_own_name' },
      { name: 'not_null_named_id', attachedId: 'model.p.named', attachedName: 'named' },
      { kwargs: { column_name: 'id', to: "ref('customers')" } },
      { config: { where: new Date(0) } },
      { config: { where: 'x = \u0001' } },
    ] as Partial<GenericTestDef>[]) {
      expect(shapeFor(def(overrides), context, names), JSON.stringify(overrides)).toBeUndefined();
    }
  });

  it('fill holes in strings and keys, and write everything else as literal data', () => {
    const make = holeTemplate({ a: `x${NAME_HOLE}y`, [`k${NAME_HOLE}`]: [RELATION_HOLE, 1, null, true], __proto__: { b: 1 } }, { [NAME_HOLE]: 'n', [RELATION_HOLE]: 'r' });
    expect(JSON.stringify(make('N', 'R'))).toBe(JSON.stringify({ a: 'xNy', kN: ['R', 1, null, true] }));
    expect(isJsonSafe({ a: [1, 'x', null, { b: false }] })).toBe(true);
    for (const value of [undefined, Number.NaN, -0, new Date(0), { a: undefined }]) expect(isJsonSafe(value)).toBe(false);
  });
});
