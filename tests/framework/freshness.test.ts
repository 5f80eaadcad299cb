import { describe, expect, it } from 'vitest';
import { criteriaOf, sourceFreshness, verdict } from '../../runner/freshness/index.js';
import type { SourceNode } from '../../runner/manifest.js';
import { clv, copyFixture, edit, readJson } from './helpers.js';

const at = (iso: string) => () => new Date(iso);

describe('freshness criteria', () => {
  const criteria = { warn_after: { count: 12, period: 'hour' as const }, error_after: { count: 1, period: 'day' as const } };
  it('passes, warns and errors at the thresholds', () => {
    expect(verdict(11 * 3600, criteria)).toBe('pass');
    expect(verdict(13 * 3600, criteria)).toBe('warn');
    expect(verdict(25 * 3600, criteria)).toBe('error');
    expect(verdict(null, criteria)).toBe('error');
    expect(verdict(2 * 86400, { warn_after: criteria.warn_after })).toBe('warn');
  });
  it('teaches when freshness has no loaded_at_field or a bad period', () => {
    const source = { unique_id: 's', source_name: 'raw', name: 't', original_file_path: 'models/s.yml', freshness: { warn_after: { count: 1, period: 'hour' } } } as unknown as SourceNode;
    expect(() => criteriaOf(source)).toThrow(/declares freshness but no loaded_at_field/);
    expect(() => criteriaOf({ ...source, loaded_at_field: 'x', freshness: { warn_after: { count: 1, period: 'week' } } })).toThrow(/period: minute\|hour\|day/);
  });
});

describe('clv source freshness', () => {
  it('writes sources.json in dbt shape; table freshness: null opts out; filter narrows; exit 1 when stale', async () => {
    const dir = copyFixture('shop');
    expect((await clv(dir, ['seed'])).code).toBe(0);
    // Newest _synced_at in the seed: 2024-02-20 08:02:00 (naive → UTC).
    const fresh = await sourceFreshness({ projectDir: dir, now: at('2024-02-20T14:02:00Z') });
    expect(fresh.results.map((r) => [r.unique_id, r.status, r.max_loaded_at_time_ago_in_s])).toEqual([['source.shop.raw.raw_orders', 'pass', 6 * 3600]]);
    expect(fresh.success).toBe(true);
    expect((await sourceFreshness({ projectDir: dir, now: at('2024-02-21T00:02:00Z') })).results[0]!.status).toBe('warn');
    const stale = await sourceFreshness({ projectDir: dir, now: at('2024-02-22T00:00:00Z') });
    expect(stale.results[0]!.status).toBe('error');
    expect(stale.success).toBe(false);

    edit(dir, 'models/staging/_sources.yml', (t) => t.replace('error_after: {count: 1, period: day}', 'error_after: {count: 1, period: day}\n      filter: customer_id = 10'));
    const filtered = await sourceFreshness({ projectDir: dir, now: at('2024-02-01T09:31:00Z') });
    expect(filtered.results[0]).toMatchObject({ max_loaded_at: '2024-02-01T09:01:00.000Z', status: 'pass', criteria: { filter: 'customer_id = 10' } });

    const cli = await clv(dir, ['source', 'freshness', '--select', 'source:raw']);
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(/1 of 1 ERROR STALE freshness of raw\.raw_orders: last loaded [\d.]+ days ago/);
    const artifact = readJson(dir, 'target/sources.json');
    expect(artifact.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/sources/v3.json');
    expect(artifact.results[0]).toMatchObject({ unique_id: 'source.shop.raw.raw_orders', status: 'error', max_loaded_at: '2024-02-01T09:01:00.000Z', criteria: { warn_after: { count: 12, period: 'hour' }, error_after: { count: 1, period: 'day' } } });
  });

  it('reports a query failure as a runtime error, not a crash', async () => {
    const dir = copyFixture('shop');
    const run = await sourceFreshness({ projectDir: dir, now: at('2024-02-20T14:02:00Z') }); // seed never loaded
    expect(run.results[0]).toMatchObject({ status: 'runtime error', error: expect.stringMatching(/raw_orders/) });
    expect(run.success).toBe(false);
  });
});
