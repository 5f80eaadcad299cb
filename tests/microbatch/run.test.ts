// Microbatch on DuckDB through the CLI (and the API where the clock must be fixed): initial build across
// batches, idempotent rerun, lookback, targeted backfill, a failing batch and `clv retry` of just that batch.
import { copyFileSync, cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planFor, run } from '../../runner/api.js';
import { withMicrobatch } from '../../runner/microbatch/index.js';
import { clv, query, readJson, repoRoot } from '../framework/helpers.js';

function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'clv-microbatch-'));
  cpSync(join(repoRoot, 'tests/fixtures/microbatch/events'), dir, { recursive: true });
  return dir;
}

const revenue = (dir: string) =>
  query(join(dir, 'events.duckdb'), `select strftime(event_day, '%Y-%m-%d') as day, region, revenue::double as revenue, events::int as events from daily_revenue order by 1, 2`);

const resultOf = (dir: string) => readJson(dir, 'target/run_results.json').results.find((r: { unique_id: string }) => r.unique_id === 'model.events.daily_revenue');

const EXPECTED = [
  { day: '2024-01-01', region: 'north', revenue: 5, events: 1 },
  { day: '2024-01-01', region: 'south', revenue: 7, events: 1 },
  { day: '2024-01-02', region: 'north', revenue: 7, events: 2 },
  { day: '2024-01-03', region: 'north', revenue: 10, events: 1 },
  { day: '2024-01-04', region: 'south', revenue: 2.5, events: 1 },
  { day: '2024-01-05', region: 'north', revenue: 7, events: 2 },
];

/** Raw events with every amount of `days` multiplied by `factor` (a late correction upstream). */
function correctAmounts(dir: string, days: string[], factor: number): void {
  const rows = [
    [1, '2024-01-01 09:00:00', 10, 5], [2, '2024-01-01 23:59:59', 11, 7], [3, '2024-01-02 00:00:00', 10, 3], [4, '2024-01-02 12:30:00', 10, 4],
    [5, '2024-01-03 08:00:00', 12, 10], [6, '2024-01-04 15:00:00', 11, 2.5], [7, '2024-01-05 06:00:00', 10, 1], [8, '2024-01-05 18:00:00', 12, 6],
  ] as const;
  const lines = rows.map(([id, at, customer, amount]) => `${id},${at},${customer},${days.includes(at.slice(0, 10)) ? amount * factor : amount}`);
  writeFileSync(join(dir, 'seeds/raw_events.csv'), ['id,occurred_at,customer_id,amount', ...lines, ''].join('\n'));
}

describe('microbatch incremental models', () => {
  it('builds each day as its own batch, reruns idempotently, and backfills a targeted window', async () => {
    const dir = copyFixture();
    expect((await clv(dir, ['seed'])).code).toBe(0);
    const first = await clv(dir, ['run', '--event-time-end', '2024-01-06']);
    expect(first.code).toBe(0);
    expect(await revenue(dir)).toEqual(EXPECTED);
    const result = resultOf(dir);
    expect(result.status).toBe('success');
    expect(result.batch_results.failed).toEqual([]);
    expect(result.batch_results.successful.map((b: string[]) => b[0])).toEqual(['2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z', '2024-01-04T00:00:00Z', '2024-01-05T00:00:00Z']);

    // The same window again replaces each batch's rows: nothing doubles.
    expect((await clv(dir, ['run', '--event-time-end', '2024-01-06'])).code).toBe(0);
    expect(await revenue(dir)).toEqual(EXPECTED);

    // Corrections on Jan 2 and Jan 4; a backfill of Jan 2 alone picks up only Jan 2.
    correctAmounts(dir, ['2024-01-02', '2024-01-04'], 10);
    expect((await clv(dir, ['seed'])).code).toBe(0);
    const backfill = await clv(dir, ['run', '--event-time-start', '2024-01-02', '--event-time-end', '2024-01-03']);
    expect(backfill.code).toBe(0);
    expect(resultOf(dir).batch_results.successful).toEqual([['2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z']]);
    const rows = await revenue(dir);
    expect(rows.find((r) => r.day === '2024-01-02')!.revenue).toBe(70);
    expect(rows.find((r) => r.day === '2024-01-04')!.revenue).toBe(2.5);
    expect(rows).toHaveLength(EXPECTED.length);
  });

  it('an incremental run rebuilds the current batch plus `lookback` batches before it', async () => {
    const dir = copyFixture();
    const at = (now: string) => ({ projectDir: dir, planner: (m: Parameters<typeof planFor>[0]) => withMicrobatch(planFor(m, 'run', {}), { now }) });
    expect((await clv(dir, ['seed'])).code).toBe(0);
    expect((await run(at('2024-01-05T20:00:00Z'))).success).toBe(true);
    expect(await revenue(dir)).toEqual(EXPECTED);

    correctAmounts(dir, ['2024-01-03', '2024-01-04', '2024-01-05'], 2);
    expect((await clv(dir, ['seed'])).code).toBe(0);
    // now = Jan 5 with lookback 1: batches Jan 4 and Jan 5; Jan 3 keeps its old value.
    expect((await run(at('2024-01-05T21:00:00Z'))).success).toBe(true);
    const rows = await revenue(dir);
    expect(rows.filter((r) => r.day >= '2024-01-03').map((r) => [r.day, r.revenue])).toEqual([['2024-01-03', 10], ['2024-01-04', 5], ['2024-01-05', 14]]);
    expect(resultOf(dir).batch_results.successful.map((b: string[]) => b[0])).toEqual(['2024-01-04T00:00:00Z', '2024-01-05T00:00:00Z']);
  });

  it('a failing batch ends the node `partial success` with its window listed; `clv retry` reruns only that batch', async () => {
    const dir = copyFixture();
    expect((await clv(dir, ['seed'])).code).toBe(0);
    const failed = await clv(dir, ['run', '--event-time-end', '2024-01-06', '--vars', '{fail_day: 2024-01-03}']);
    expect(failed.code).toBe(1); // dbt: a partial success fails the invocation
    expect(failed.out).toMatch(/PARTIAL SUCCESS \(4\/5 batches\) creating .*daily_revenue/);
    const result = resultOf(dir);
    expect(result.status).toBe('partial success');
    expect(result.message).toContain('1 of 5 batches failed');
    expect(result.message).toContain('simulated failure of the batch');
    expect(result.batch_results.failed).toEqual([['2024-01-03T00:00:00Z', '2024-01-04T00:00:00Z']]);
    expect(result.batch_results.successful).toHaveLength(4);
    expect((await revenue(dir)).map((r) => r.day)).not.toContain('2024-01-03');

    // The data is fixed upstream (here: the var that breaks it is cleared); retry builds just the failed day.
    const retried = await clv(dir, ['retry', '--vars', '{fail_day: null}']);
    expect(retried.code).toBe(0);
    expect(readJson(dir, 'target/run_results.json').results.map((r: { unique_id: string }) => r.unique_id)).toEqual(['model.events.daily_revenue']);
    const after = resultOf(dir);
    expect(after.status).toBe('success');
    expect(after.batch_results).toEqual({ successful: [['2024-01-03T00:00:00Z', '2024-01-04T00:00:00Z']], failed: [] });
    expect(await revenue(dir)).toEqual(EXPECTED);
  });

  it('a node whose every batch failed ends `error` (no partial success without a success)', async () => {
    const dir = copyFixture();
    expect((await clv(dir, ['seed'])).code).toBe(0);
    const failed = await clv(dir, ['run', '--event-time-start', '2024-01-03', '--event-time-end', '2024-01-04', '--vars', '{fail_day: 2024-01-03}']);
    expect(failed.code).toBe(1);
    const result = resultOf(dir);
    expect(result.status).toBe('error');
    expect(result.batch_results).toEqual({ successful: [], failed: [['2024-01-03T00:00:00Z', '2024-01-04T00:00:00Z']] });
  });

  it('skips what reads a partially built model; `clv retry` reruns its failed batch, then the skipped model', async () => {
    const dir = copyFixture();
    copyFileSync(join(repoRoot, 'tests/fixtures/microbatch/downstream/revenue_by_region.sql'), join(dir, 'models/revenue_by_region.sql'));
    expect((await clv(dir, ['seed'])).code).toBe(0);
    expect((await clv(dir, ['run', '--event-time-end', '2024-01-06', '--vars', '{fail_day: 2024-01-03}'])).code).toBe(1);
    const statuses = () => Object.fromEntries(readJson(dir, 'target/run_results.json').results.map((r: { unique_id: string; status: string }) => [r.unique_id.split('.').pop(), r.status]));
    expect(statuses()).toMatchObject({ daily_revenue: 'partial success', revenue_by_region: 'skipped' });
    expect((await clv(dir, ['retry', '--vars', '{fail_day: null}'])).code).toBe(0);
    expect(statuses()).toEqual({ daily_revenue: 'success', revenue_by_region: 'success' });
    expect(resultOf(dir).batch_results.successful).toEqual([['2024-01-03T00:00:00Z', '2024-01-04T00:00:00Z']]);
  });

  it('explains a missing begin with the file and the key to set', async () => {
    const dir = copyFixture();
    writeFileSync(join(dir, 'models/daily_revenue.sql'), "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='d', batch_size='day') }}\nselect 1 as d");
    const out = await clv(dir, ['run', '--event-time-end', '2024-01-02']);
    expect(out.code).toBe(1);
    expect(resultOf(dir).message).toContain("microbatch model 'daily_revenue': begin is not set");
  });
});
