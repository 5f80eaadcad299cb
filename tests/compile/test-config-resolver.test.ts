import { describe, expect, it } from 'vitest';
import { folderConfig, folderConfigResolver } from '../../runner/compile/config.js';
import { stableJson, sha256 } from '../../runner/compile/hash.js';
import { testConfig, testConfigResolver, testKeys, type GenericTestDef } from '../../runner/compile/tests.js';

// A tests tree with project-scoped and bare folders, a `+` key, and a folder named like one of the tests.
const tree = {
  '+severity': 'warn',
  staging: { '+tags': ['stg'], '+meta': { owner: 'a' } },
  clv: { marts: { '+store_failures': true, not_null_orders_id: { '+severity': 'error' } } },
};

const defs: { fqn: string[]; config: Record<string, unknown> }[] = [
  { fqn: ['clv', 'staging', 'unique_a_id'], config: {} },
  { fqn: ['clv', 'staging', 'unique_b_id'], config: {} },
  { fqn: ['clv', 'staging', 'unique_c_id'], config: { tags: ['x'], severity: 'ERROR' } },
  // Same keys in the other order: merged (and listed) in that order, so resolved apart.
  { fqn: ['clv', 'staging', 'unique_d_id'], config: { severity: 'ERROR', tags: ['x'] } },
  { fqn: ['clv', 'staging', 'unique_e_id'], config: { tags: ['y'], '+tags': ['z'] } },
  { fqn: ['clv', 'staging', 'unique_f_id'], config: { '+tags': ['z'], tags: ['y'] } },
  { fqn: ['clv', 'marts', 'not_null_orders_id'], config: {} },
  { fqn: ['clv', 'marts', 'not_null_items_id'], config: {} },
  { fqn: ['clv', 'marts', 'not_null_x_id'], config: { meta: 'not an object' } },
  { fqn: ['clv', 'other', '__proto__'], config: {} },
];

describe('testConfigResolver', () => {
  it('resolves every test exactly as testConfig does, key order included', () => {
    const resolve = testConfigResolver(tree, 'clv');
    for (const def of [...defs, ...defs]) {
      const expected = testConfig(def, tree, 'clv');
      const actual = resolve(def);
      expect(actual).toEqual(expected);
      expect(Object.keys(actual)).toEqual(Object.keys(expected));
      expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
    }
  });

  it('gives every test its own config, tags and meta', () => {
    const resolve = testConfigResolver(tree, 'clv');
    const a = resolve(defs[0]!);
    const b = resolve(defs[1]!);
    expect(a).not.toBe(b);
    expect(a.tags).not.toBe(b.tags);
    expect(a.meta).not.toBe(b.meta);
    a.tags.push('changed');
    (a.meta as Record<string, unknown>).changed = true;
    expect(resolve(defs[1]!)).toEqual(testConfig(defs[1]!, tree, 'clv'));
  });
});

describe('testKeys', () => {
  it('gives the unique_id and checksum text of stableJson over the whole list', () => {
    const def: GenericTestDef = {
      testName: 'accepted_values',
      namespace: undefined,
      name: 'accepted_values_orders_status__a__b',
      kwargs: { values: ['a', 'b'], column_name: 'status', quote: true },
      config: { where: "x = 'é'", tags: ['t'] },
      attachedId: 'model.clv.orders',
      attachedName: 'orders',
      file: 'models/schema.yml',
      fqn: ['clv', 'accepted_values_orders_status__a__b'],
    };
    for (const namespace of [undefined, 'dbt_utils']) {
      const keys = testKeys('clv', { ...def, namespace });
      const hash = sha256(stableJson([def.testName, namespace ?? '', def.attachedId, def.kwargs, def.config])).slice(0, 10);
      expect(keys.uniqueId).toBe(`test.clv.${def.name}.${hash}`);
      expect(keys.checksumText).toBe(stableJson([def.testName, def.kwargs, def.config]));
    }
  });
});

describe('folderConfigResolver', () => {
  it('gives folderConfig for every node, also one named like a key of the tree', () => {
    const models = { '+materialized': 'view', staging: { '+tags': ['stg'], stg_orders: { '+materialized': 'table' } }, clv: { staging: { '+meta': { a: 1 } }, marts: { '+materialized': 'table' } } };
    const resolve = folderConfigResolver(models, 'clv');
    for (const fqn of [['clv', 'staging', 'stg_customers'], ['clv', 'staging', 'stg_orders'], ['clv', 'staging', 'stg_items'], ['clv', 'marts', 'stg_orders'], ['clv', 'marts', 'orders'], ['clv', 'orders'], ['clv', 'staging', 'constructor'], ['clv', 'staging', '__proto__']]) {
      const expected = folderConfig(models, fqn, 'clv');
      expect(resolve(fqn), fqn.join('.')).toEqual(expected);
      expect(JSON.stringify(resolve(fqn))).toBe(JSON.stringify(expected));
    }
  });
});
