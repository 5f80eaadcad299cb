import { afterEach, describe, expect, it } from 'vitest';
import { execute } from '../../runner/run/execute.js';
import type { RunEvent } from '../../runner/run/types.js';
import { loadFixture } from './manifestFixture.js';
import { query, tempWarehouse } from './warehouse.js';

let dispose: (() => Promise<void>) | undefined;
afterEach(async () => {
  await dispose?.();
  dispose = undefined;
});

async function setup(threads = 1) {
  const w = await tempWarehouse(threads);
  dispose = w.dispose;
  return w;
}

const statusById = (results: { unique_id: string; status: string }[]) =>
  Object.fromEntries(results.map((r) => [r.unique_id, r.status]));

describe('execute', () => {
  it('keeps independent branches going after an engine error and skips only downstream', async () => {
    const { warehouse, database } = await setup(2);
    const { manifest, plan } = loadFixture('branches', database);
    const results = await execute(warehouse, manifest, plan, { threads: 2 });
    expect(statusById(results.results)).toEqual({
      'model.branches.a': 'success',
      'model.branches.b': 'error',
      'model.branches.c': 'skipped',
      'model.branches.d': 'success',
      'model.branches.e': 'success',
    });
    const b = results.results.find((r) => r.unique_id === 'model.branches.b')!;
    expect(b.message).toContain('no_such_table');
    expect(b.compiled_path).toBe('target/compiled/branches/models/b.sql');
    const c = results.results.find((r) => r.unique_id === 'model.branches.c')!;
    expect(c.message).toContain('model.branches.b');
    expect(await query(warehouse, 'select id from dev.main.d')).toEqual([{ id: 2 }]);
    // The ephemeral model is neither executed nor reported.
    expect(results.statements['model.branches.eph']).toBeUndefined();
    expect(await query(warehouse, "select count(*) as n from information_schema.tables where table_name = 'eph'")).toEqual([{ n: 0 }]);
  });

  it('stops scheduling after the first failure with failFast and reports the rest as skipped', async () => {
    const { warehouse, database } = await setup(1);
    const { manifest, plan } = loadFixture('branches', database);
    const results = await execute(warehouse, manifest, plan, { threads: 1, failFast: true });
    const statuses = statusById(results.results);
    expect(statuses['model.branches.a']).toBe('success');
    expect(statuses['model.branches.b']).toBe('error');
    expect(statuses['model.branches.d']).toBe('skipped');
    expect(statuses['model.branches.e']).toBe('skipped');
    expect(results.results.find((r) => r.unique_id === 'model.branches.d')!.message).toContain('fail-fast');
  });

  it('runs up to `threads` nodes at once and numbers them 1..total', async () => {
    const { warehouse, database } = await setup(4);
    const { manifest, plan } = loadFixture('wide', database);
    const events: RunEvent[] = [];
    let running = 0;
    let peak = 0;
    const results = await execute(warehouse, manifest, plan, {
      threads: 4,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'node_start') peak = Math.max(peak, ++running);
        if (e.type === 'node_finish') running--;
      },
    });
    expect(results.results.every((r) => r.status === 'success')).toBe(true);
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(4);
    expect(new Set(results.results.map((r) => r.thread_id)).size).toBeLessThanOrEqual(4);
    const indexes = events.flatMap((e) => (e.type === 'node_start' ? [e.index] : [])).sort((x, y) => x - y);
    expect(indexes).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('swaps many tables concurrently in one schema without transaction conflicts, twice', async () => {
    const { warehouse, database } = await setup(4);
    const { manifest, plan } = loadFixture('wide_tables', database);
    for (let round = 0; round < 2; round++) {
      const results = await execute(warehouse, manifest, plan, { threads: 4 });
      expect(results.results.filter((r) => r.status !== 'success').map((r) => r.message)).toEqual([]);
    }
    expect(await query(warehouse, 'select sum(id)::int as s from (select id from dev.main.t01 union all select id from dev.main.t12)')).toEqual([{ s: 13 }]);
  });

  it('leaves the previous table queryable when a rebuild fails', async () => {
    const { warehouse, database } = await setup();
    const good = loadFixture('swap', database);
    expect((await execute(warehouse, good.manifest, good.plan, { threads: 1 })).results[0]!.status).toBe('success');
    const broken = loadFixture('swap_broken', database);
    const second = await execute(warehouse, broken.manifest, broken.plan, { threads: 1 });
    expect(second.results[0]!.status).toBe('error');
    expect(second.results[0]!.message).toMatch(/Conversion Error|Could not convert/);
    expect(await query(warehouse, 'select count(*) as n from dev.main.orders')).toEqual([{ n: 3 }]);
    expect(await query(warehouse, "select count(*) as n from information_schema.tables where table_name like '%__clv_tmp'")).toEqual([{ n: 0 }]);
  });

  it('rebuilds a table with the new rows and reports rows affected', async () => {
    const { warehouse, database } = await setup();
    const { manifest, plan } = loadFixture('swap', database);
    await execute(warehouse, manifest, plan, { threads: 1 });
    const again = await execute(warehouse, manifest, plan, { threads: 1 });
    expect(again.results[0]!.adapter_response.rows_affected).toBe(3);
    expect(again.statements['model.swap.orders']!.some((s) => s.startsWith('alter table'))).toBe(true);
  });
});
