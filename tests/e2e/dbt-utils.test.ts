// A dbt project that declares dbt_utils but never ran `dbt deps` (tests/fixtures/dbt_utils_bundled): clv's
// bundled dbt_utils must compute what dbt_utils documents (the surrogate key is dbt_utils' exact md5 input),
// its generic tests must pass on good rows and fail on bad ones, and what reads the warehouse at compile time
// (get_column_values) is answered when the model runs.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clv, copyFixture, ensureBuilt, queryFile } from './cli.js';

beforeAll(() => ensureBuilt());

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('bundled dbt_utils', () => {
  it('builds the project unchanged: macros compute what dbt_utils documents and every generic test passes', async () => {
    dir = copyFixture('dbt_utils_bundled/project');
    const run = clv(['build'], dir);
    expect(run.stdout).toMatch(/Done\. PASS=45 WARN=0 ERROR=0 SKIP=0 TOTAL=45/);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/declared but not installed/);
    const db = join(dir, 'du.duckdb');
    const keyed = await queryFile(db, 'select id::int as id, order_key, ratio::double as ratio, added::double as added, host, url_path, utm_source from orders_keyed order by id');
    const key = (id: number, customer: string) =>
      queryFile(db, `select md5(coalesce(cast(${id} as varchar), '_dbt_utils_surrogate_key_null_') || '-' || coalesce(cast('${customer}' as varchar), '_dbt_utils_surrogate_key_null_')) as k`);
    expect(keyed).toEqual([
      { id: 1, order_key: (await key(1, 'a'))[0]!.k, ratio: 10.5, added: 11.5, host: 'shop.example.com', url_path: 'p/x', utm_source: 'news' },
      { id: 2, order_key: (await key(2, 'a'))[0]!.k, ratio: null, added: 2, host: 'shop.example.com', url_path: '', utm_source: null },
      { id: 3, order_key: (await key(3, 'b'))[0]!.k, ratio: 7 / 3, added: 10, host: 'other.example.org', url_path: 'a/b', utm_source: null },
    ]);
    // star(except=['url']) kept every other column of the seed.
    const columns = await queryFile(db, "select column_name from information_schema.columns where table_name = 'orders_keyed' order by ordinal_position");
    expect(columns.map((c) => c.column_name)).toEqual(['order_key', 'id', 'customer', 'amount', 'status', 'placed_at', 'ratio', 'added', 'host', 'url_path', 'utm_source']);
    expect(await queryFile(db, 'select customer, paid::int as paid, refunded::int as refunded from by_status order by customer')).toEqual([
      { customer: 'a', paid: 1, refunded: 1 },
      { customer: 'b', paid: 1, refunded: 0 },
    ]);
    expect(await queryFile(db, 'select count(*)::int as n, min(date_day)::date::varchar as first, max(date_day)::date::varchar as last from days')).toEqual([
      { n: 4, first: '2024-01-01', last: '2024-01-04' },
    ]);
    expect(await queryFile(db, 'select id::int as id from dedup order by id')).toEqual([{ id: 2 }, { id: 3 }]);
    expect(await queryFile(db, "select field_name, value from unp where id = 1 order by field_name")).toEqual([
      { field_name: 'amount', value: '10.5' },
      { field_name: 'customer', value: 'a' },
      { field_name: 'status', value: 'paid' },
    ]);
    // pivot's unquoted aliases are slugified; Paris–London is 343 km; max(amount) 10.5 and 7 in 4 buckets over [0, 20).
    const misc = await queryFile(db, 'select customer, paid::int as paid, refunded_later::int as later, round(paris_london_km)::int as km, bucket::int as bucket from misc order by customer');
    expect(misc).toEqual([
      { customer: 'a', paid: 1, later: 0, km: 343, bucket: 3 },
      { customer: 'b', paid: 1, later: 0, km: 343, bucket: 2 },
    ]);
    // dbt_date: 2024-03-03 is a Sunday (ISO day 7, day 1 of a Sunday-first week); the calendar's weeks start on Sunday.
    expect(await queryFile(db, 'select iso_dow, dow, day_name, month_short, week_before::varchar as week_before, from_epoch::varchar as from_epoch, to_epoch::int as to_epoch, in_tokyo::varchar as in_tokyo from date_bits')).toEqual([
      { iso_dow: 7, dow: 1, day_name: 'Sunday', month_short: 'Mar', week_before: '2024-02-25', from_epoch: '2024-03-03 00:00:00', to_epoch: 1709424000, in_tokyo: '2024-03-03 21:00:00' },
    ]);
    const calendar = await queryFile(db, `select date_day::varchar as d, day_of_week_iso as iso, day_of_week_name as name, week_start_date::varchar as ws,
      iso_week_start_date::varchar as iws, month_end_date::varchar as me, quarter_start_date::varchar as qs, prior_year_date_day::varchar as py
      from calendar where date_day in ('2024-02-29', '2024-03-04') order by 1`);
    expect(calendar).toEqual([
      { d: '2024-02-29', iso: 4, name: 'Thursday', ws: '2024-02-25', iws: '2024-02-26', me: '2024-02-29', qs: '2024-01-01', py: '2023-02-28' },
      { d: '2024-03-04', iso: 1, name: 'Monday', ws: '2024-03-03', iws: '2024-03-04', me: '2024-03-31', qs: '2024-01-01', py: '2023-03-04' },
    ]);
    expect(await queryFile(db, 'select count(*)::int as n from calendar')).toEqual([{ n: 8 }]);
    const unioned = await queryFile(db, 'select _dbt_source_relation as source, count(*)::int as n from "both" group by 1 order by 1');
    expect(unioned).toEqual([
      { source: '"du"."main"."orders"', n: 3 },
      { source: '"du"."main"."orders_keyed"', n: 3 },
    ]);
  });

  it('its generic tests fail on rows that break them', () => {
    dir = copyFixture('dbt_utils_bundled/project');
    writeFileSync(
      join(dir, 'models/failing.yml'),
      `version: 2
models:
  - name: by_status
    data_tests:
      - dbt_utils.unique_combination_of_columns:
          combination_of_columns: [paid]
      - dbt_utils.expression_is_true:
          expression: "refunded = 0"
      - dbt_utils.equal_rowcount:
          compare_model: ref('orders')
    columns:
      - name: paid
        data_tests:
          - dbt_utils.accepted_range:
              min_value: 2
          - dbt_utils.not_constant
`,
    );
    const run = clv(['build', '--select', '+by_status'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL 1 dbt_utils_unique_combination_of_columns_by_status_paid/);
    expect(run.stdout).toMatch(/FAIL 1 dbt_utils_expression_is_true_by_status_refunded_0/);
    expect(run.stdout).toMatch(/FAIL 2 dbt_utils_accepted_range_by_status_paid__2/);
    expect(run.stdout).toMatch(/FAIL 1 dbt_utils_not_constant_by_status_paid/);
    expect(run.stdout).toMatch(/FAIL 1 dbt_utils_equal_rowcount_by_status_ref_orders_/);
  });

  it('bundled dbt_expectations tests fail on rows that break them', () => {
    dir = copyFixture('dbt_utils_bundled/project');
    writeFileSync(
      join(dir, 'models/expectations.yml'),
      `version: 2
seeds:
  - name: orders
    data_tests:
      - dbt_expectations.expect_table_row_count_to_equal:
          value: 2
      - dbt_expectations.expect_multicolumn_sum_to_equal:
          column_list: [id]
          sum_total: 7
    columns:
      - name: amount
        data_tests:
          - dbt_expectations.expect_column_values_to_be_between:
              max_value: 5
              row_condition: "status = 'paid'"
      - name: status
        data_tests:
          - dbt_expectations.expect_column_values_to_be_in_set:
              value_set: ['paid']
          - dbt_expectations.expect_column_values_to_be_of_type:
              column_type: integer
      - name: url
        data_tests:
          - dbt_expectations.expect_column_values_to_match_regex:
              regex: "^https://"
      - name: placed_at
        data_tests:
          - dbt_expectations.expect_row_values_to_have_recent_data:
              datepart: day
              interval: 1
`,
    );
    const run = clv(['build', '--select', 'orders'], dir);
    expect(run.code).toBe(1);
    // Long test names end in an md5, as in dbt: count the failures per test instead of matching names.
    const failed = [...run.stdout.matchAll(/\d+ of \d+ FAIL (\d+) (dbt_expectations_\S+)/g)].map((m) => Number(m[1])).sort();
    expect(failed).toEqual([1, 1, 1, 1, 1, 1, 2]);
    expect(run.stdout).toMatch(/FAIL 1 dbt_expectations_expect_table_row_count_to_equal_orders_2/);
    expect(run.stdout).toMatch(/FAIL 1 dbt_expectations_expect_multicolumn_sum_to_equal_orders_id__7/);
  });

  it('what reads the warehouse while compiling is answered at run time; the pre-1.0 surrogate_key is an error that says why', async () => {
    dir = copyFixture('dbt_utils_bundled/project');
    // get_column_values used to stop the compile; now the model is built with the values (tests/introspection).
    writeFileSync(join(dir, 'models/values.sql'), "select '{{ dbt_utils.get_column_values(ref('orders'), 'status', order_by='status') | join(\",\") }}' as s");
    const values = clv(['build'], dir);
    expect(values.code).toBe(0);
    expect(await queryFile(join(dir, 'du.duckdb'), 'select s from "values"')).toEqual([{ s: 'paid,refunded' }]);
    writeFileSync(join(dir, 'models/values.sql'), "select {{ dbt_utils.surrogate_key(['id']) }} as k from {{ ref('orders') }}");
    const old = clv(['compile'], dir);
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(/renamed dbt_utils\.generate_surrogate_key/);
  });

  it('is not there for a project that does not declare it', () => {
    dir = copyFixture('dbt_utils_bundled/project');
    rmSync(join(dir, 'packages.yml'));
    const run = clv(['compile'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/dbt_utils/);
  });
});

describe('a package `dbt deps` already installed', () => {
  it('is read from dbt_packages/: its dispatched macros and generic tests work under its name', async () => {
    dir = copyFixture('dbt_installed_package/project');
    const run = clv(['build'], dir);
    expect(run.stdout).toMatch(/Done\. PASS=3 WARN=0 ERROR=0 SKIP=0 TOTAL=3/);
    expect(run.stderr).toMatch(/packages codegen are declared but not installed/);
    expect(run.stderr).not.toMatch(/shop_helpers/);
    // duckdb__cents_to_dollars won the dispatch (decimal(16,4) then rounded to 2 places).
    const rows = await queryFile(join(dir, 'installed.duckdb'), 'select order_id::int as id, amount::double as amount from payments order by 1');
    expect(rows).toEqual([
      { id: 1, amount: 10.5 },
      { id: 2, amount: 7.99 },
      { id: 3, amount: 123.45 },
    ]);
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8')) as { macros: Record<string, { original_file_path: string }> };
    expect(manifest.macros['macro.shop_helpers.cents_to_dollars']?.original_file_path).toBe('dbt_packages/shop_helpers/macros/money.sql');
  });

  it('is found under packages-install-path when the project moved it', () => {
    dir = copyFixture('dbt_installed_package/project');
    renameSync(join(dir, 'dbt_packages'), join(dir, 'vendor_packages'));
    writeFileSync(join(dir, 'dbt_project.yml'), `${readFileSync(join(dir, 'dbt_project.yml'), 'utf8')}packages-install-path: vendor_packages\n`);
    const run = clv(['build'], dir);
    expect(run.stdout).toMatch(/Done\. PASS=3 WARN=0 ERROR=0 SKIP=0 TOTAL=3/);
  });

  it('a failing row fails its test', () => {
    dir = copyFixture('dbt_installed_package/project');
    writeFileSync(join(dir, 'seeds/raw_payments.csv'), 'order_id,amount_cents\n1,1050\n2,-5\n');
    const run = clv(['build'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL 1 shop_helpers_is_positive_payments_amount/);
  });
});
