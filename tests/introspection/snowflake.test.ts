// The same project through the Snowflake adapter and the real snowflake-sdk against the loopback emulator
// (tests/support/snowflake-emulator: DuckDB behind Snowflake's protocol): the runner's introspection goes
// through the adapter's Connection.execute and the Snowflake dialect's catalog queries, like any statement.
// Protocol and orchestration, not Snowflake semantics (the emulator answers lower-case column names, where
// Snowflake would upper-case unquoted ones, as dbt-snowflake's agate tables show them).
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { emulatorForSuite, PASSWORD } from '../adapters/snowflake/emulator-fixture.js';
import { clv, copyProject } from './helpers.js';

const emulator = emulatorForSuite();
let dir = '';

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('clv build --target snowflake (emulated) of models that read the warehouse while compiling', () => {
  it('asks through the Snowflake adapter and builds with the answers', async () => {
    const fx = emulator();
    dir = copyProject();
    // The seed's rows loaded by hand: seeds on Snowflake use INFER_SCHEMA, which the emulator lacks.
    await fx.emulator.duck("create schema if not exists analytics.marts; create table analytics.marts.raw_payments as select * from (values (1, 1, 'credit_card', 10.00), (2, 1, 'coupon', 2.50), (3, 2, 'credit_card', 20.00), (4, 3, 'bank_transfer', 7.25)) t(payment_id, order_id, payment_method, amount)");
    const run = await clv(dir, ['build', '--target', 'snowflake', '--exclude', 'raw_payments']);
    expect(run.out).toMatch(/ERROR=0/);
    expect(run.code).toBe(0);
    expect(await fx.emulator.duck('select column_name from information_schema.columns where table_catalog = \'analytics\' and table_name = \'order_payments\' order by ordinal_position')).toEqual(
      ['order_id', 'bank_transfer_amount', 'coupon_amount', 'credit_card_amount', 'total_amount'].map((column_name) => ({ column_name })),
    );
    expect(await fx.emulator.duck('select legacy_state from analytics.marts.legacy_check')).toEqual([{ legacy_state: 'absent' }]);
    expect(await fx.emulator.duck('select methods, kept_columns, raw_relations, first_day, first_day_dm from analytics.marts.utils_misc')).toEqual([
      { methods: 'bank_transfer,coupon,credit_card', kept_columns: 'order_id,payment_method', raw_relations: 'raw_payments', first_day: '2024-01-02', first_day_dm: '02/01' },
    ]);
    // dbt_utils.unpivot off DuckDB: one select per column read from the warehouse.
    expect(await fx.emulator.duck("select field, val from analytics.marts.payments_unpivoted where payment_id = 4 order by field")).toEqual([{ field: 'amount', val: '7.25' }, { field: 'payment_method', val: 'bank_transfer' }]);
    const sent = fx.emulator.queries.map((q) => q.sqlText);
    // The dialect's own catalog queries answered get_relation and get_columns_in_relation; the pivot's query ran as written.
    expect(sent.some((q) => /from analytics\.information_schema\.tables\s+where upper\(table_schema\) = upper\('marts'\)/.test(q))).toBe(true);
    expect(sent.some((q) => /from analytics\.information_schema\.columns[\s\S]*upper\(table_name\) = upper\('stg_payments'\)/.test(q))).toBe(true);
    expect(sent.some((q) => /^select payment_method as value\s+from analytics\.marts\.stg_payments/.test(q))).toBe(true);
    expect(sent.some((q) => /select payment_id, cast\('payment_method' as \w+\) as field, cast\(payment_method as varchar\) as val from analytics\.marts\.stg_payments\s+union all/i.test(q))).toBe(true);
    expect(JSON.stringify(fx.emulator.queries)).not.toContain(PASSWORD);
  });
});
