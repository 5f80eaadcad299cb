import { afterEach, describe, expect, it } from 'vitest';
import { execute } from '../../runner/run/execute.js';
import { loadFixture } from './manifestFixture.js';
import { query, tempWarehouse } from './warehouse.js';

let dispose: (() => Promise<void>) | undefined;
afterEach(async () => {
  await dispose?.();
  dispose = undefined;
});

async function setup() {
  const w = await tempWarehouse(2);
  dispose = w.dispose;
  return w;
}

const rowsOf = (warehouse: Parameters<typeof query>[0], table: string) =>
  query(warehouse, `select * from dev.main.${table} order by all`);

describe('incremental', () => {
  it('merges, delete+inserts and appends correctly over two runs, and full-refreshes', async () => {
    const { warehouse, database } = await setup();
    const first = loadFixture('incremental', database);
    const r1 = await execute(warehouse, first.manifest, first.plan, { threads: 2 });
    expect(r1.results.map((r) => r.status)).toEqual(['success', 'success', 'success', 'success']);
    const v1 = [{ id: 1, v: 'a' }, { id: 2, v: 'b' }];
    for (const t of ['inc_merge', 'inc_delete_insert', 'inc_append']) expect(await rowsOf(warehouse, t)).toEqual(v1);

    const second = loadFixture('incremental_run2', database);
    const r2 = await execute(warehouse, second.manifest, second.plan, { threads: 2 });
    expect(r2.results.every((r) => r.status === 'success')).toBe(true);
    const upserted = [{ id: 1, v: 'a' }, { id: 2, v: 'B' }, { id: 3, v: 'c' }];
    expect(await rowsOf(warehouse, 'inc_merge')).toEqual(upserted);
    expect(await rowsOf(warehouse, 'inc_delete_insert')).toEqual(upserted);
    expect(await rowsOf(warehouse, 'inc_append')).toEqual([{ id: 1, v: 'a' }, { id: 2, v: 'b' }, { id: 3, v: 'c' }]);
    const appended = r2.results.find((r) => r.unique_id === 'model.inc.inc_append')!;
    expect(appended.adapter_response.rows_affected).toBe(1);
    expect(r2.statements['model.inc.inc_merge']!.some((s) => s.startsWith('merge into'))).toBe(true);

    await execute(warehouse, second.manifest, second.plan, { threads: 2, fullRefresh: true });
    for (const t of ['inc_merge', 'inc_delete_insert', 'inc_append']) {
      expect(await rowsOf(warehouse, t)).toEqual([{ id: 2, v: 'B' }, { id: 3, v: 'c' }]);
    }
  });

  it('applies on_schema_change: fail names the new column, append_new_columns adds it, ignore keeps the shape', async () => {
    const { warehouse, database } = await setup();
    const first = loadFixture('schema_change', database);
    await execute(warehouse, first.manifest, first.plan, { threads: 1 });
    const second = loadFixture('schema_change_run2', database);
    const r2 = await execute(warehouse, second.manifest, second.plan, { threads: 1 });
    const byId = Object.fromEntries(r2.results.map((r) => [r.unique_id, r]));
    expect(byId['model.osc.osc_fail']!.status).toBe('error');
    expect(byId['model.osc.osc_fail']!.message).toContain('New columns in the model: extra INTEGER');
    expect(byId['model.osc.osc_fail']!.message).toContain('--full-refresh');
    expect(await rowsOf(warehouse, 'osc_append')).toEqual([{ id: 1, v: 'a2', extra: 9 }]);
    expect(await rowsOf(warehouse, 'osc_ignore')).toEqual([{ id: 1, v: 'a2' }]);
    expect(await query(warehouse, "select count(*) as n from information_schema.tables where table_name like '%__clv_tmp'")).toEqual([{ n: 0 }]);
  });
});

describe('seeds and tests', () => {
  it('loads a seed with inferred and overridden types, and judges tests by severity and thresholds', async () => {
    const { warehouse, database } = await setup();
    const { manifest, plan } = loadFixture('seeds_tests', database);
    const results = await execute(warehouse, manifest, plan, { threads: 2 });
    const byName = Object.fromEntries(results.results.map((r) => [r.unique_id.split('.').pop(), r]));

    expect(byName.customers!.status).toBe('success');
    expect(byName.customers!.adapter_response.rows_affected).toBe(3);
    const types = await query(warehouse, "select column_name, data_type from information_schema.columns where table_name = 'customers' order by ordinal_position");
    expect(types).toEqual([
      { column_name: 'id', data_type: 'BIGINT' },
      { column_name: 'name', data_type: 'VARCHAR' },
      { column_name: 'signup_date', data_type: 'DATE' },
      { column_name: 'amount', data_type: 'DECIMAL(18,2)' },
    ]);

    expect(byName.unique_customers_id).toMatchObject({ status: 'pass', failures: 0 });
    expect(byName.cheap_customers).toMatchObject({ status: 'fail', failures: 2, message: 'Got 2 results, configured to fail if !=0' });
    expect(byName.cheap_customers_warn).toMatchObject({ status: 'warn', failures: 2 });
    expect(byName.cheap_customers_threshold).toMatchObject({ status: 'warn', failures: 2, message: 'Got 2 results, configured to warn if >1' });
    expect(byName.cheap_customers_limited).toMatchObject({ status: 'fail', failures: 1 });
    expect(await query(warehouse, 'select count(*) as n from dev.main_dbt_test__audit.cheap_customers_limited')).toEqual([{ n: 1 }]);
    expect(byName.after_failed_test!.status).toBe('skipped');
  });
});
