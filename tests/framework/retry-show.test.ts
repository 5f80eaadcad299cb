import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clv, copyFixture, edit, query, readJson } from './helpers.js';

describe('clv retry', () => {
  it('re-runs only what failed or was skipped, with the previous vars', async () => {
    const dir = copyFixture('shop');
    const first = await clv(dir, ['build', '--vars', '{fail_customers: true, vip_threshold: 30}']);
    expect(first.code).toBe(1);
    const before = readJson(dir, 'target/run_results.json');
    const failedOrSkipped = before.results.filter((r: { status: string }) => r.status === 'error' || r.status === 'skipped').map((r: { unique_id: string }) => r.unique_id);
    expect(failedOrSkipped).toContain('model.shop.customers');
    expect(failedOrSkipped).toContain('model.shop.customer_tiers');

    // Still broken under the same vars: retry runs exactly the failed/skipped set again and fails again.
    const again = await clv(dir, ['retry']);
    expect(again.code).toBe(1);
    const retried = readJson(dir, 'target/run_results.json');
    expect(retried.results.map((r: { unique_id: string }) => r.unique_id).sort()).toEqual([...failedOrSkipped].sort());
    expect(retried.args.which).toBe('build');

    // Fix the model: retry now succeeds, runs nothing that passed before, and keeps vip_threshold=30.
    edit(dir, 'models/marts/customers.sql', (t) => t.replace(/\{% if var\('fail_customers'\) %\}.*\{% endif %\}/, ''));
    const fixed = await clv(dir, ['retry']);
    expect(fixed.out).not.toContain('stg_orders');
    expect(fixed.code).toBe(0);
    expect(await query(join(dir, 'shop.duckdb'), 'select customer_id::int as id, tier from customer_tiers order by 1')).toEqual([
      { id: 10, tier: 'vip' },
      { id: 11, tier: 'vip' },
      { id: 12, tier: 'vip' },
    ]);
    const last = await clv(dir, ['retry']);
    expect(last.code).toBe(0);
    expect(last.out).toContain('Nothing to retry');
  });

  it('explains when there is no previous run', async () => {
    const dir = copyFixture('shop');
    const result = await clv(dir, ['retry']);
    expect(result.code).toBe(2);
    expect(result.out).toContain('Nothing to retry: target/run_results.json does not exist');
  });
});

describe('clv show', () => {
  it('previews a model with a limit, and an inline query with ref()', async () => {
    const dir = copyFixture('shop');
    expect((await clv(dir, ['build'])).code).toBe(0);
    const shown = await clv(dir, ['show', '--select', 'customers', '--limit', '2']);
    expect(shown.code).toBe(0);
    const lines = shown.out.split('\n').filter((l) => l.startsWith('|'));
    expect(lines[0]).toMatch(/^\| customer_id \| order_count \| total_amount \|/);
    expect(lines).toHaveLength(4); // header, rule, 2 rows
    const inline = await clv(dir, ['show', '--inline', "select customer_id, tier from {{ ref('customer_tiers') }} where tier = 'vip'", '--output', 'json']);
    expect(inline.code).toBe(0);
    expect(JSON.parse(inline.out.trim().split('\n').pop()!)).toEqual({ node: 'inline', rows: [{ customer_id: 12, tier: 'vip' }] });
  });

  it('asks for exactly one node', async () => {
    const dir = copyFixture('shop');
    const result = await clv(dir, ['show', '--select', 'customers', 'customer_tiers']);
    expect(result.code).toBe(2);
    expect(result.out).toContain('show needs exactly one node, but the selection matched 2');
  });
});
