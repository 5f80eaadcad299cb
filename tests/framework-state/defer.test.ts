// --defer: a "PR" build on the ci target builds only the modified model and reads its unchanged parents
// from the "prod" schema recorded in the --state manifest.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { carriedFlags } from '../../runner/retry/index.js';
import { clv, query, readJson } from '../framework/helpers.js';
import { copyStateFixture, edit } from './helpers.js';

describe('--defer', () => {
  it('builds only state:modified on ci, reading unselected parents from prod', async () => {
    const dir = copyStateFixture('slim');
    const prod = await clv(dir, ['build', '--target', 'prod']);
    expect(prod.code).toBe(0);
    const state = mkdtempSync(join(tmpdir(), 'clv-state-prod-'));
    cpSync(join(dir, 'target/manifest.json'), join(state, 'manifest.json'));

    edit(dir, 'models/marts/customers.sql', (t) => t.replace('sum(amount) as total_amount,', 'sum(amount) as total_amount,\n    count(*) as order_count,'));

    // Without --defer the ci schema has no stg_orders to read.
    const alone = await clv(dir, ['build', '--target', 'ci', '--select', 'state:modified', '--state', state]);
    expect(alone.code).toBe(1);
    expect(alone.out).toMatch(/stg_orders/);

    const deferred = await clv(dir, ['build', '--target', 'ci', '--select', 'state:modified', '--state', state, '--defer']);
    expect(deferred.code).toBe(0);
    const ran = readJson(dir, 'target/run_results.json').results.map((r: { unique_id: string }) => r.unique_id).sort();
    expect(ran[0]).toBe('model.slim.customers');
    expect(ran.slice(1).every((id: string) => id.startsWith('test.slim.') && id.includes('customers'))).toBe(true);

    const db = join(dir, 'warehouse.duckdb');
    expect(await query(db, 'select customer_id::int as id, order_count::int as n, tier from ci.customers order by 1')).toEqual([
      { id: 10, n: 2, tier: 'vip' },
      { id: 11, n: 1, tier: 'regular' },
      { id: 12, n: 1, tier: 'vip' },
    ]);
    // Nothing upstream was rebuilt in ci, and prod is untouched.
    expect(await query(db, "select table_schema, table_name from information_schema.tables where table_schema = 'ci' order by 2")).toEqual([
      { table_schema: 'ci', table_name: 'customers' },
    ]);
    expect((await query(db, "select column_name from information_schema.columns where table_schema = 'prod' and table_name = 'customers'")).map((r) => r.column_name)).not.toContain('order_count');
  });

  it('clv retry reruns the failed node with the previous --target, --state, --defer and --threads', async () => {
    const dir = copyStateFixture('slim');
    expect((await clv(dir, ['build', '--target', 'prod'])).code).toBe(0);
    const state = mkdtempSync(join(tmpdir(), 'clv-state-prod-'));
    cpSync(join(dir, 'target/manifest.json'), join(state, 'manifest.json'));

    edit(dir, 'models/marts/customers.sql', (t) => t.replace('sum(amount) as total_amount,', 'sum(amount) as total_amount,\n    count(no_such_column) as order_count,'));
    const broken = await clv(dir, ['build', '--target', 'ci', '--select', 'state:modified', '--state', state, '--defer', '--threads', '1']);
    expect(broken.code).toBe(1);

    edit(dir, 'models/marts/customers.sql', (t) => t.replace('count(no_such_column)', 'count(*)'));
    // No flags: without the carried --target ci / --state / --defer this would build prod, or find no stg_orders in ci.
    const retried = await clv(dir, ['retry']);
    expect(retried.code).toBe(0);
    const results = readJson(dir, 'target/run_results.json');
    expect(results.args).toMatchObject({ which: 'build', target: 'ci', state, defer: true, threads: 1, retry: true });
    expect(results.results.map((r: { unique_id: string }) => r.unique_id)).toContain('model.slim.customers');
    expect(results.results.every((r: { thread_id: string }) => r.thread_id === '' || r.thread_id === 'Thread-1')).toBe(true);
    const db = join(dir, 'warehouse.duckdb');
    expect(await query(db, "select table_name from information_schema.tables where table_schema = 'ci' order by 1")).toEqual([{ table_name: 'customers' }]);
  });

  it('clv retry flags given now override the carried ones', () => {
    const prev = { which: 'build', target: 'ci', state: 'prod-state', defer: true, threads: 1, vars: '{a: 1}', full_refresh: true };
    expect(carriedFlags(prev, {})).toEqual({ target: 'ci', state: 'prod-state', defer: true, threads: 1, vars: { a: 1 }, fullRefresh: true });
    expect(carriedFlags(prev, { target: 'dev', state: 'other', defer: false, threads: 4, vars: { a: 2 }, fullRefresh: false }))
      .toEqual({ target: 'dev', state: 'other', defer: false, threads: 4, vars: { a: 2 }, fullRefresh: false });
  });

  it('needs --state', async () => {
    const dir = copyStateFixture('slim');
    const result = await clv(dir, ['build', '--defer']);
    expect(result.code).toBe(2);
    expect(result.out).toContain('--defer needs --state');
  });
});
