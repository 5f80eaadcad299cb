import { describe, expect, it } from 'vitest';
import { parseCsv, literal } from '../../runner/unit-tests/literals.js';
import { diffRows } from '../../runner/unit-tests/run.js';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { duckdbDialect } from '../../runner/adapters/duckdb/index.js';
import { snowflakeDialect } from '../../runner/adapters/snowflake/index.js';
import { runsInMemory } from '../../runner/unit-tests/engine.js';
import { clv, copyFixture, edit, readJson, repoRoot } from './helpers.js';

describe('unit test building blocks', () => {
  it('types literals by declared type, else by look', () => {
    expect(literal('2024-01-31')).toBe("cast('2024-01-31' as date)");
    expect(literal('2024-01-31 10:00:00')).toBe("cast('2024-01-31 10:00:00' as timestamp)");
    expect(literal(12, 'decimal(18,2)')).toBe('cast(12 as decimal(18,2))');
    expect(literal("it's")).toBe("'it''s'");
    expect(literal(null)).toBe('null');
    expect(literal(new Date('2024-02-01T00:00:00Z'))).toBe("cast('2024-02-01' as date)");
  });
  it('reads inline CSV with quotes and empty fields as null', () => {
    expect(parseCsv('id,name,note\n1,"a, b",\n2,"say ""hi""",x')).toEqual([
      { id: 1, name: 'a, b', note: null },
      { id: 2, name: 'say "hi"', note: 'x' },
    ]);
  });
  it('diffs rows as multisets, ignoring order', () => {
    const r = (id: string) => ({ id });
    expect(diffRows([r('1'), r('2'), r('2')], [r('2'), r('1'), r('2')], ['id'])).toEqual({ missing: [], unexpected: [] });
    expect(diffRows([r('1'), r('2')], [r('2'), r('2')], ['id'])).toEqual({ missing: [r('1')], unexpected: [r('2')] });
  });
});

describe('clv test --select test_type:unit', () => {
  it('runs unit tests on given rows without building anything; data tests are test_type:data', async () => {
    const dir = copyFixture('shop');
    const unit = await clv(dir, ['test', '--select', 'test_type:unit']);
    expect(unit.code).toBe(0);
    expect(unit.out).toContain('Done. PASS=4 WARN=0 ERROR=0 SKIP=0 TOTAL=4');
    const results = readJson(dir, 'target/run_results.json').results.map((r: { unique_id: string }) => r.unique_id).sort();
    expect(results).toEqual(['test.shop.customer_tiers.vip_threshold_is_inclusive', 'test.shop.customers.csv_fixture_input', 'test.shop.customers.sums_orders_per_customer', 'test.shop.stg_orders.staging_reads_the_source']);
    const manifest = readJson(dir, 'target/manifest.json');
    expect(manifest.nodes['test.shop.customers.sums_orders_per_customer'].unit_test.actual_sql).not.toContain('"main"."stg_orders"');

    const data = await clv(dir, ['ls', '--select', 'test_type:data', '--resource-type', 'test']);
    expect(data.out).not.toContain('sums_orders_per_customer');
    expect(data.out).toContain('unique_customers_customer_id');
  });

  it('prints a readable diff of expected vs actual rows on failure', async () => {
    const dir = copyFixture('shop');
    edit(dir, 'models/marts/_unit_tests.yml', (t) => t.replace('{customer_id: 11, order_count: 1, total_amount: 35.5, days_since_last_order: 1}', '{customer_id: 11, order_count: 1, total_amount: 35.49, days_since_last_order: 1}'));
    const run = await clv(dir, ['test', '--select', 'sums_orders_per_customer']);
    expect(run.code).toBe(1);
    expect(run.out).toContain('actual differs from expected: 1 expected row(s) missing, 1 unexpected row(s)');
    expect(run.out).toMatch(/\| - expected \| 11\s+\| 1\s+\| 35\.49\s+\| 1/);
    expect(run.out).toMatch(/\| \+ actual\s+\| 11\s+\| 1\s+\| 35\.50\s+\| 1/);
  });

  it('names the missing input and the bad model with a hint', async () => {
    const dir = copyFixture('shop');
    edit(dir, 'models/marts/_unit_tests.yml', (t) => t.replace("      - input: ref('raw_orders')\n        rows: []\n", ''));
    const missing = await clv(dir, ['test', '--select', 'test_type:unit']);
    expect(missing.code).toBe(2);
    expect(missing.out).toContain("unit test 'staging_reads_the_source' gives no rows for ref('raw_orders'), which stg_orders reads");
    edit(dir, 'models/marts/_unit_tests.yml', (t) => t.replace('model: customer_tiers', 'model: customer_tier'));
    const typo = await clv(dir, ['test']);
    expect(typo.out).toMatch(/_unit_tests\.yml:\d+: unit test 'vip_threshold_is_inclusive' tests model 'customer_tier', which does not exist; did you mean 'customer_tiers'\?/);
  });
});

describe('unit tests run on their own in-memory DuckDB', () => {
  it('never opens the target: works before the database file exists', async () => {
    const dir = copyFixture('shop');
    const unit = await clv(dir, ['test', '--select', 'test_type:unit']);
    expect(unit.code).toBe(0);
    expect(unit.out).toContain('PASS=4');
    expect(existsSync(join(dir, 'shop.duckdb'))).toBe(false);
  });

  it('works while the target cannot be opened (a file that is not a database stands in for a held lock)', async () => {
    const dir = copyFixture('shop');
    writeFileSync(join(dir, 'shop.duckdb'), 'not a duckdb file');
    const unit = await clv(dir, ['test', '--select', 'test_type:unit']);
    expect(unit.code).toBe(0);
    expect(unit.out).toContain('PASS=4');
    // A data test needs the target, so the same broken file is an error there: the target was really unusable.
    const data = await clv(dir, ['test', '--select', 'test_type:data']);
    expect(data.code).not.toBe(0);
    expect(readFileSync(join(dir, 'shop.duckdb'), 'utf8')).toBe('not a duckdb file');
  });

  it('reads a `format: sql` fixture file', async () => {
    const dir = copyFixture('shop');
    copyFileSync(join(repoRoot, 'tests/fixtures/framework/unit-fixtures/two_orders.sql'), join(dir, 'tests/data/fixtures/two_orders.sql'));
    edit(dir, 'models/marts/_unit_tests.yml', (t) => t.replace('format: csv\n        fixture: two_orders', 'format: sql\n        fixture: two_orders'));
    const unit = await clv(dir, ['test', '--select', 'csv_fixture_input']);
    expect(unit.code).toBe(0);
    const manifest = readJson(dir, 'target/manifest.json');
    expect(manifest.nodes['test.shop.customers.csv_fixture_input'].unit_test.actual_sql).toContain("date '2024-02-20'");
  });

  it('reuses the unit tests of an unchanged project, and sees an edited fixture or spec', async () => {
    const dir = copyFixture('shop');
    const unitNodes = () => readJson(dir, 'target/.cache/unit-tests.json').tests.map((t: { unique_id: string }) => t.unique_id).sort();
    expect((await clv(dir, ['test', '--select', 'csv_fixture_input'])).code).toBe(0);
    expect(unitNodes()).toContain('test.shop.customers.csv_fixture_input');
    // a fixture is no project file: only the unit-test cache key sees it change
    edit(dir, 'tests/data/fixtures/two_orders.csv', (t) => t.replace('5.50', '6.50'));
    const fixtureEdited = await clv(dir, ['test', '--select', 'csv_fixture_input']);
    expect(fixtureEdited.code).not.toBe(0);
    edit(dir, 'tests/data/fixtures/two_orders.csv', (t) => t.replace('6.50', '5.50'));
    expect((await clv(dir, ['test', '--select', 'csv_fixture_input'])).code).toBe(0);
    edit(dir, 'models/marts/_unit_tests.yml', (t) => t.replace('name: csv_fixture_input', 'name: csv_fixture_input_renamed'));
    expect((await clv(dir, ['test', '--select', 'csv_fixture_input_renamed'])).code).toBe(0);
    expect(unitNodes()).toContain('test.shop.customers.csv_fixture_input_renamed');
    expect(unitNodes()).not.toContain('test.shop.customers.csv_fixture_input');
  });

  it('does not reuse unit tests compiled under another value of an env_var() a model reads', async () => {
    const dir = copyFixture('shop');
    // one spec with overrides (its model recompiled under them), one without (the project's compile of it)
    edit(dir, 'models/marts/customer_tiers.sql', (t) => t.replace("{{ var('vip_threshold') }}", "{{ var('vip_threshold') }} + {{ env_var('CLV_TEST_SHIFT', '0') }}"));
    edit(dir, 'models/marts/customers.sql', (t) => t.replace('sum(amount)', "sum(amount) + {{ env_var('CLV_TEST_SHIFT', '0') }}"));
    const before = process.env.CLV_TEST_SHIFT;
    const run = async () => (await clv(dir, ['test', '--select', 'vip_threshold_is_inclusive', 'csv_fixture_input'])).out;
    try {
      delete process.env.CLV_TEST_SHIFT;
      expect(await run()).toContain('PASS=2');
      process.env.CLV_TEST_SHIFT = '1'; // 50 is no longer >= the threshold, and the fixture's total is 16.50
      expect(await run()).toContain('ERROR=2');
    } finally {
      if (before === undefined) delete process.env.CLV_TEST_SHIFT;
      else process.env.CLV_TEST_SHIFT = before;
    }
  });

  it('does not reuse unit tests when an env_var() the project compile read changed (no spec with overrides)', async () => {
    const dir = copyFixture('shop');
    // only the spec without overrides: nothing recompiles under overrides, so only the cache key can notice
    edit(dir, 'models/marts/_unit_tests.yml', (t) => `unit_tests:\n${t.slice(t.indexOf('  - name: csv_fixture_input'), t.indexOf('  - name: vip_threshold_is_inclusive'))}`);
    edit(dir, 'models/marts/customers.sql', (t) => t.replace('sum(amount)', "sum(amount) + {{ env_var('CLV_TEST_SHIFT', '0') }}"));
    const before = process.env.CLV_TEST_SHIFT;
    const run = async () => (await clv(dir, ['test', '--select', 'csv_fixture_input'])).out;
    try {
      delete process.env.CLV_TEST_SHIFT;
      expect(await run()).toContain('PASS=1');
      process.env.CLV_TEST_SHIFT = '1'; // the fixture's total becomes 16.50
      expect(await run()).toContain('ERROR=1');
    } finally {
      if (before === undefined) delete process.env.CLV_TEST_SHIFT;
      else process.env.CLV_TEST_SHIFT = before;
    }
  });

  it('runs on the target when the target is not DuckDB (the compiled SQL is that engine\'s dialect)', () => {
    expect(runsInMemory(duckdbDialect)).toBe(true);
    expect(runsInMemory(snowflakeDialect)).toBe(false);
  });
});
