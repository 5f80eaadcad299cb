// The state:modified matrix: each kind of change marks exactly the expected nodes, no more, no fewer.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyStateFixture, edit, saveState, selected, type SelectExtra } from './helpers.js';

const M = (name: string) => `model.slim.${name}`;

let state: string;

/** A fresh copy of the fixture with `change` applied; returns the nodes selected by `select`. */
async function after(change: (dir: string) => void, select = ['state:modified'], extra: SelectExtra = {}): Promise<string[]> {
  const dir = copyStateFixture('slim');
  change(dir);
  return selected(dir, state, select, extra);
}

// The same matrix against a state folder holding manifest.json alone (dbt-produced state) and one also
// holding state_index.json (what clv writes and --state reads first): both must mark the same nodes.
describe.each([{ from: 'manifest.json', index: false }, { from: 'state_index.json', index: true }])('state read from $from', ({ index }) => {
  beforeAll(async () => {
    state = await saveState(copyStateFixture('slim'), undefined, { index });
  });

  describe('state:modified', () => {
    it('selects nothing when nothing changed', async () => {
      expect(await after(() => {}, ['state:modified', 'state:new'])).toEqual([]);
    });

    it('body: an edited model file marks that model only', async () => {
      const touch = (d: string) => edit(d, 'models/marts/report_dates.sql', (t) => t.replace('as_of_date', 'as_of_date, 1 as version'));
      expect(await after(touch)).toEqual([M('report_dates')]);
      expect(await after(touch, ['state:modified.body'])).toEqual([M('report_dates')]);
      expect(await after(touch, ['state:modified.configs'])).toEqual([]);
    });

    it('configs: a YAML config change marks the model, not as a body change', async () => {
      const touch = (d: string) => edit(d, 'models/marts/_marts.yml', (t) => t.replace('description: One row per customer.', 'description: One row per customer.\n    config: {materialized: view}'));
      expect(await after(touch)).toEqual([M('customers')]);
      expect(await after(touch, ['state:modified.configs'])).toEqual([M('customers')]);
      expect(await after(touch, ['state:modified.body'])).toEqual([]);
    });

    it('vars: a changed var marks the nodes that read it; a var nobody reads marks nothing', async () => {
      expect(await after(() => {}, ['state:modified'], { vars: { vip_threshold: 50 } })).toEqual([M('customers')]);
      expect(await after(() => {}, ['state:modified.vars'], { vars: { vip_threshold: 50 } })).toEqual([M('customers')]);
      expect(await after(() => {}, ['state:modified'], { vars: { unused_var: 2 } })).toEqual([]);
      const inProjectFile = (d: string) => edit(d, 'project.yml', (t) => t.replace('vip_threshold: 30', 'vip_threshold: 31'));
      expect(await after(inProjectFile)).toEqual([M('customers')]);
    });

    it('macros: a macro change marks its callers, also through another macro, not users of its file neighbours', async () => {
      // round_money is only called by to_money, which stg_orders calls; today() in the same file is untouched.
      const nested = (d: string) => edit(d, 'macros/money.sql', (t) => t.replace('round({{ expr }}, 2)', 'round({{ expr }}, 3)'));
      expect(await after(nested)).toEqual([M('stg_orders')]);
      expect(await after(nested, ['state:modified.macros'])).toEqual([M('stg_orders')]);
      const neighbour = (d: string) => edit(d, 'macros/money.sql', (t) => t.replace("date '2024-03-01'", "date '2024-04-01'"));
      expect(await after(neighbour)).toEqual([M('report_dates')]);
      const other = (d: string) => edit(d, 'macros/labels.sql', (t) => t.replace("'regular'", "'standard'"));
      expect(await after(other)).toEqual([M('customers')]);
    });

    it('seeds: a changed CSV marks the seed', async () => {
      const touch = (d: string) => edit(d, 'seeds/countries.csv', (t) => t.replace('Germany', 'Deutschland'));
      expect(await after(touch)).toEqual(['seed.slim.countries']);
    });

    it('YAML tests: a new test is new and modified; nothing else moves', async () => {
      const touch = (d: string) => edit(d, 'models/marts/_marts.yml', (t) => t.replace('        tests: [unique, not_null]', '        tests: [unique, not_null]\n      - name: tier\n        tests: [not_null]'));
      const modified = await after(touch);
      expect(modified).toHaveLength(1);
      expect(modified[0]).toMatch(/^test\.slim\.not_null_customers_tier\./);
      expect(await after(touch, ['state:new'])).toEqual(modified);
    });

    it('YAML tests: changed arguments change the test', async () => {
      const touch = (d: string) => edit(d, 'models/marts/_marts.yml', (t) => t.replace('        tests: [not_null]', "        tests:\n          - accepted_values: {values: ['United States', 'France', 'Germany']}"));
      const modified = await after(touch);
      expect(modified).toHaveLength(1);
      expect(modified[0]).toMatch(/^test\.slim\.accepted_values_country_rev/);
    });

    it('descriptions: only persisted descriptions (persist_docs) mark the model, as in dbt', async () => {
      const plain = (d: string) => edit(d, 'models/marts/_marts.yml', (t) => t.replace('One row per customer.', 'Exactly one row per customer.'));
      expect(await after(plain)).toEqual([]);
      const persisted = (d: string) => edit(d, 'models/marts/_marts.yml', (t) => t.replace("The country's English name.", 'Country name, in English.'));
      expect(await after(persisted)).toEqual([M('country_revenue')]);
      expect(await after(persisted, ['state:modified.persisted_descriptions'])).toEqual([M('country_revenue')]);
    });

    it('contract: an enforced contract\'s column types', async () => {
      const enforce = (d: string) => edit(d, 'models/marts/_marts.yml', (t) => t.replace('persist_docs: {relation: true, columns: true}', 'persist_docs: {relation: true, columns: true}\n      contract: {enforced: true}'));
      expect(await after(enforce, ['state:modified.contract'])).toEqual([M('country_revenue')]);
    });

    it('state:new: a new model, and state:old / state:unmodified as the complement', async () => {
      const add = (d: string) => writeFileSync(join(d, 'models/marts/big_customers.sql'), "select * from {{ ref('customers') }} where tier = 'vip'\n");
      expect(await after(add, ['state:new'])).toEqual([M('big_customers')]);
      expect(await after(add, ['state:modified'])).toEqual([M('big_customers')]);
      const old = await after(add, ['state:old']);
      expect(old).not.toContain(M('big_customers'));
      expect(old).toContain(M('customers'));
      const touch = (d: string) => edit(d, 'models/marts/report_dates.sql', (t) => t.replace('as_of_date', 'as_of_date, 1 as version'));
      expect(await after(touch, ['state:unmodified'])).not.toContain(M('report_dates'));
    });
  });

  describe('state selectors with graph operators and set operations', () => {
    const macro = (d: string) => edit(d, 'macros/money.sql', (t) => t.replace('round({{ expr }}, 2)', 'round({{ expr }}, 3)'));

    it('state:modified+ adds descendants (and their tests); +state:modified adds ancestors', async () => {
      const down = await after(macro, ['state:modified+'], { eager: true });
      expect(down.filter((id) => id.startsWith('model.'))).toEqual([M('country_revenue'), M('customers'), M('stg_orders')]);
      expect(down.some((id) => id.startsWith('test.slim.unique_customers_customer_id'))).toBe(true);
      expect(down).toContain('test.slim.no_negative_revenue');
      expect(await after(macro, ['+state:modified'])).toEqual([M('stg_orders'), 'seed.slim.raw_orders']);
    });

    it('intersections and exclusions', async () => {
      expect(await after(macro, ['state:modified+,config.materialized:table'])).toEqual([M('country_revenue'), M('customers')]);
      const down = await after(macro, ['state:modified+'], { exclude: ['customers'], eager: true });
      expect(down).not.toContain('test.slim.unique_customers_customer_id.c30f5dccc1');
      expect(down).not.toContain(M('customers'));
      expect(down).toContain(M('country_revenue'));
    });
  });
});

describe('state selector errors', () => {
  it('explains a missing --state and a wrong sub-selector', async () => {
    state = await saveState(copyStateFixture('slim'));
    const dir = copyStateFixture('slim');
    const { list } = await import('../../runner/api.js');
    await expect(list({ projectDir: dir, select: ['state:modified'] })).rejects.toThrow(/needs a previous manifest/);
    await expect(list({ projectDir: dir, state, select: ['state:modified.bodyy'] })).rejects.toThrow(/Invalid state selector/);
    await expect(list({ projectDir: dir, state: join(dir, 'nowhere'), select: ['state:modified'] })).rejects.toThrow(/manifest.json does not exist/);
  });
});
