// A dbt project whose macros query the warehouse while compiling builds unchanged on DuckDB: each model's
// table holds what only the warehouse's answers could have produced, and a second run after the data changed
// (project files unchanged, so the compile is fully cached) renders with the new data, not the old answers.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clv, copyProject, query, readJson } from './helpers.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const columnsOf = async (db: string, table: string) =>
  (await query(db, `select column_name from information_schema.columns where table_name = '${table}' order by ordinal_position`)).map((row) => row.column_name);

describe('models that read the warehouse while compiling', () => {
  it('build with the answers: pivot, run_query under execute, statement/load_result, columns, relations, dbt_utils', async () => {
    dir = copyProject();
    const run = await clv(dir, ['build']);
    expect(run.out).toMatch(/Done\. PASS=14 WARN=0 ERROR=0 SKIP=0 TOTAL=14/);
    expect(run.code).toBe(0);
    const db = join(dir, 'warehouse.duckdb');

    // dbt_utils.get_column_values: one column per payment method, ordered by name.
    expect(await columnsOf(db, 'order_payments')).toEqual(['order_id', 'bank_transfer_amount', 'coupon_amount', 'credit_card_amount', 'total_amount']);
    expect(await query(db, 'select order_id::int as id, coupon_amount::double as coupon, credit_card_amount::double as card from order_payments order by 1')).toEqual([
      { id: 1, coupon: 2.5, card: 10 },
      { id: 2, coupon: 0, card: 20 },
      { id: 3, coupon: 0, card: 1 },
      { id: 4, coupon: 5, card: 0 },
    ]);
    // run_query under `if execute`: the agate table's first column, and its length (rows).
    expect(await query(db, 'select * from payment_methods_run_query')).toEqual([{ method_count: 3, methods: 'bank_transfer,coupon,credit_card', result_rows: 3 }]);
    // statement + load_result: r['data'][0][0], r['table'].columns['payment_count'], r['table'].rows by name.
    expect(await query(db, 'select max_amount::double as max_amount, payment_count, doubled_count from payment_stats_statement')).toEqual([{ max_amount: 20, payment_count: 6, doubled_count: 12 }]);
    // adapter.get_columns_in_relation: a select list from the parent's columns and their types.
    expect(await columnsOf(db, 'payments_cents')).toEqual(['payment_id', 'order_id', 'payment_method', 'amount_cents', 'source_types']);
    expect(await query(db, 'select amount_cents, source_types from payments_cents where payment_id = 4')).toEqual([{ amount_cents: 725, source_types: 'BIGINT,BIGINT,VARCHAR,DECIMAL' }]);
    // adapter.get_relation: None for a relation that does not exist.
    expect(await query(db, 'select legacy_state, legacy_rows::int as n from legacy_check')).toEqual([{ legacy_state: 'absent', n: 0 }]);
    // A second query built from the first's answer (two rounds; the stand-in round's query failed, harmlessly).
    expect(await query(db, 'select top_method, at_least_top::int as n from chained_queries')).toEqual([{ top_method: 'credit_card', n: 1 }]);
    // get_single_value, get_query_results_as_dict, get_filtered_columns_in_relation (except is case-insensitive), get_relations_by_prefix.
    // A date answers as Python's date does: printed ISO, with strftime().
    expect(await query(db, 'select total_amount::double as total, methods, kept_columns, raw_relations, first_day, first_day_dm from utils_misc')).toEqual([
      { total: 45.75, methods: 'bank_transfer,coupon,credit_card', kept_columns: 'order_id,payment_method', raw_relations: 'raw_payments', first_day: '2024-01-02', first_day_dm: '02/01' },
    ]);

    expect(await query(db, "select field, val from payments_unpivoted where payment_id = 4 order by field")).toEqual([{ field: 'amount', val: '7.25' }, { field: 'payment_method', val: 'bank_transfer' }]);
    expect(await columnsOf(db, 'payments_prefixed')).toEqual(['p_payment_id', 'p_order_id', 'p_payment_method']);

    // The SQL that ran is what target/compiled and manifest.json hold, as for any node.
    const compiled = readFileSync(join(dir, 'target/compiled/introspection/models/order_payments.sql'), 'utf8');
    expect(compiled).toContain("when payment_method = 'coupon' then amount else 0 end) as coupon_amount");
    expect(readFileSync(join(dir, 'target/run/introspection/models/order_payments.sql'), 'utf8')).toContain('as credit_card_amount');
    const node = readJson(dir, 'target/manifest.json').nodes['model.introspection.order_payments'];
    expect(node.compiled_code).toBe(compiled.replace(/\n$/, ''));
    // The singular test ran its answered SQL (trimmed of its `;`, as compile trims it): with the stand-in it would fail.
    expect(readFileSync(join(dir, 'target/compiled/introspection/tests/assert_pivot_totals_match.sql'), 'utf8')).toMatch(/having sum\(total_amount\) <> 45\.75\n$/);
    expect(node.introspection.requests).toEqual([{ kind: 'query', sql: expect.stringMatching(/^select payment_method as value\s+from "warehouse"\."main"\."stg_payments"/) }]);
  });

  it('a cached compile renders with this run\'s data, never the previous answers', async () => {
    dir = copyProject();
    expect((await clv(dir, ['build'])).code).toBe(0);
    const db = join(dir, 'warehouse.duckdb');
    // New data, no project file changed: the next compile reuses the cached result as it is.
    await query(db, "insert into raw_payments values (7, 5, 'gift_card', 3.00); create table legacy_payments as select 1 as id union all select 2");
    const cacheBefore = readFileSync(join(dir, 'target/.cache/compile-result.json'), 'utf8');
    const again = await clv(dir, ['run']);
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'target/.cache/compile-result.json'), 'utf8')).toBe(cacheBefore);
    expect(await columnsOf(db, 'order_payments')).toEqual(['order_id', 'bank_transfer_amount', 'coupon_amount', 'credit_card_amount', 'gift_card_amount', 'total_amount']);
    expect(await query(db, 'select gift_card_amount::double as gift from order_payments where order_id = 5')).toEqual([{ gift: 3 }]);
    expect(await query(db, 'select legacy_state, legacy_rows::int as n from legacy_check')).toEqual([{ legacy_state: 'table', n: 2 }]);
    expect(await query(db, 'select method_count from payment_methods_run_query')).toEqual([{ method_count: 4 }]);
    // The incremental run's is_incremental() branch was rendered with the answers too (its stand-in is `in ()`).
    expect(readFileSync(join(dir, 'target/run/introspection/models/incremental_methods.sql'), 'utf8')).toContain("where payment_method in ('bank_transfer', 'coupon', 'credit_card', 'gift_card')");
    expect(await query(db, 'select payment_method, n::int as n from incremental_methods order by 1')).toEqual([
      { payment_method: 'bank_transfer', n: 1 },
      { payment_method: 'coupon', n: 2 },
      { payment_method: 'credit_card', n: 3 },
      { payment_method: 'gift_card', n: 1 },
    ]);
  });

  it('clv compile and clv show render with the answers once the parents exist; before, compile warns and keeps going', async () => {
    dir = copyProject();
    const early = await clv(dir, ['compile']);
    expect(early.code).toBe(0);
    expect(early.out).toMatch(/models\/order_payments\.sql[^\n]*: compiled without the warehouse's answers/);
    expect(early.out).toContain('Build their parents first');
    const pivotFile = join(dir, 'target/compiled/introspection/models/order_payments.sql');
    expect(readFileSync(pivotFile, 'utf8')).not.toContain('coupon_amount');

    expect((await clv(dir, ['build'])).code).toBe(0);
    // Another node's run leaves the pivot's SQL rendered with answers in place (no stand-in written over it).
    expect((await clv(dir, ['run', '--select', 'stg_payments'])).code).toBe(0);
    expect(readFileSync(pivotFile, 'utf8')).toContain('coupon_amount');

    const compiled = await clv(dir, ['compile', '--select', 'payment_methods_run_query']);
    expect(compiled.code).toBe(0);
    expect(compiled.out).toContain("'bank_transfer,coupon,credit_card' as methods");
    const shown = await clv(dir, ['show', '--select', 'order_payments', '--limit', '1']);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/\| order_id \| bank_transfer_amount \| coupon_amount \| credit_card_amount \| total_amount \|/);
    const inline = await clv(dir, ['show', '--inline', "select {{ dbt_utils.get_column_values(ref('stg_payments'), 'payment_method') | length }} as n", '--output', 'json']);
    expect(JSON.parse(inline.out.trim().split('\n').pop()!)).toEqual({ node: 'inline', rows: [{ n: 3 }] });
  });

  it('--defer: the answers come from the deferred parents the SQL reads', async () => {
    dir = copyProject();
    expect((await clv(dir, ['build'])).code).toBe(0);
    const state = mkdtempSync(join(tmpdir(), 'clv-introspection-state-'));
    cpSync(join(dir, 'target/manifest.json'), join(state, 'manifest.json'));
    // ci has no stg_payments: the pivot's query must read main's, as its rewritten SQL does.
    const run = await clv(dir, ['build', '--target', 'ci', '--select', 'order_payments', '--state', state, '--defer']);
    expect(run.code).toBe(0);
    const db = join(dir, 'warehouse.duckdb');
    expect((await query(db, "select column_name from information_schema.columns where table_schema = 'ci' and table_name = 'order_payments' order by ordinal_position")).map((row) => row.column_name)).toEqual(['order_id', 'bank_transfer_amount', 'coupon_amount', 'credit_card_amount', 'total_amount']);
    expect(await query(db, "select table_name from information_schema.tables where table_schema = 'ci'")).toEqual([{ table_name: 'order_payments' }]);
    rmSync(state, { recursive: true, force: true });
  });

  it('a failing query fails only its model, naming the file, the query and what to do', async () => {
    dir = copyProject();
    expect((await clv(dir, ['build'])).code).toBe(0);
    const run = await clv(dir, ['run', '--select', 'row_count_query', '--vars', '{count_table: no_such_table}']);
    expect(run.code).toBe(1);
    const message: string = readJson(dir, 'target/run_results.json').results[0].message;
    expect(message).toContain('models/row_count_query.sql: row_count_query reads the warehouse while compiling, and this failed');
    expect(message).toContain('query: select count(*) as n from no_such_table');
    expect(message).toMatch(/no_such_table does not exist/);
    expect(message).toContain('clv build --select +row_count_query');
  });
});
