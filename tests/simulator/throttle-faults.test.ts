import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../ingest/simulator/index.js';
import { END_DATE, gql } from './helpers.js';

let sim: RunningSimulator | null = null;
afterEach(async () => { await sim?.close(); sim = null; });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('leaky bucket', () => {
  it('answers THROTTLED (HTTP 200, no data) when the bucket cannot cover the cost, then restores over time', async () => {
    // Standard plan scaled by 0.05: bucket 100 points, 5 points/s; two 92-point queries cannot both fit.
    sim = await startSimulator({ customers: 300, seed: 2, endDate: END_DATE, restoreRateScale: 0.05 });
    const q = '{ orders(first: 90) { nodes { id } } }';
    const first = await gql(sim, q);
    expect(first.body.data.orders.nodes).toHaveLength(90);
    expect(first.body.extensions.cost).toMatchObject({ requestedQueryCost: 92, actualQueryCost: 92, throttleStatus: { maximumAvailable: 100, restoreRate: 5 } });
    const second = await gql(sim, q);
    expect(second.status).toBe(200);
    expect(second.body.data).toBeUndefined();
    expect(second.body.errors).toEqual([{ message: 'Throttled', extensions: { code: 'THROTTLED' } }]);
    expect(second.body.extensions.cost.requestedQueryCost).toBe(92);
    expect(second.body.extensions.cost.actualQueryCost).toBeNull();
    const before = second.body.extensions.cost.throttleStatus.currentlyAvailable;
    expect(before).toBeLessThan(92);
    await sleep(1200);
    const later = await gql(sim, '{ shop { name } }');
    expect(later.body.data.shop.name).toBe('Simulated Outfitters');
    // At least 1.2 s × 5 points/s restored, minus the 1 point this query cost.
    expect(later.body.extensions.cost.throttleStatus.currentlyAvailable).toBeGreaterThanOrEqual(before + 4);
    expect(sim.stats().throttled).toBeGreaterThanOrEqual(1);
  });

  it('refunds the unused part of the requested cost', async () => {
    sim = await startSimulator({ customers: 50, seed: 2, endDate: END_DATE, restoreRateScale: 0.01 }); // bucket 20, ~no restore
    const r = await gql(sim, '{ products(first: 5, query: "id:<0") { nodes { id } } }');
    expect(r.body.data.products.nodes).toEqual([]);
    expect(r.body.extensions.cost.requestedQueryCost).toBe(7);
    expect(r.body.extensions.cost.actualQueryCost).toBe(2);
    expect(r.body.extensions.cost.throttleStatus.currentlyAvailable).toBeGreaterThanOrEqual(17);
  });
});

describe('fault injection', () => {
  const N = 150;
  async function statuses(config: Parameters<RunningSimulator['setFaults']>[0], parallel = 10) {
    sim!.setFaults(config);
    const out: Array<{ status: number; body: any; headers: Headers } | 'dropped'> = [];
    for (let i = 0; i < N; i += parallel) {
      const batch = Array.from({ length: parallel }, () => gql(sim!, '{ shop { name } }').catch(() => 'dropped' as const));
      out.push(...(await Promise.all(batch)));
    }
    sim!.setFaults({});
    return out;
  }

  it('injects 5xx, 429 with Retry-After, drops, truncated JSON and THROTTLED bursts at roughly the configured rates', async () => {
    // Seeded fault draws: the counts are the same on every run, so the rate bounds cannot flake.
    sim = await startSimulator({ customers: 50, seed: 2, endDate: END_DATE, restoreRateScale: 100, faultSeed: 12345 });
    const five = await statuses({ http5xxRate: 0.3 });
    const n5 = five.filter((r) => r !== 'dropped' && r.status >= 500).length;
    expect(five.some((r) => r !== 'dropped' && r.status === 503)).toBe(true);
    expect(n5).toBeGreaterThan(N * 0.18);
    expect(n5).toBeLessThan(N * 0.42);

    const four = await statuses({ http429Rate: 0.25 });
    const n429 = four.filter((r) => r !== 'dropped' && r.status === 429) as Array<{ headers: Headers }>;
    expect(n429.length).toBeGreaterThan(N * 0.13);
    expect(n429.length).toBeLessThan(N * 0.37);
    expect(n429[0]!.headers.get('retry-after')).toBe('2.0');

    const drops = (await statuses({ dropRate: 0.2 })).filter((r) => r === 'dropped').length;
    expect(drops).toBeGreaterThan(N * 0.1);
    expect(drops).toBeLessThan(N * 0.3);

    const trunc = await statuses({ truncatedJsonRate: 0.2 });
    const nTrunc = trunc.filter((r) => r !== 'dropped' && typeof r.body === 'string').length;
    expect(nTrunc).toBeGreaterThan(N * 0.1);
    expect(nTrunc).toBeLessThan(N * 0.3);

    // Sequential: a drained bucket would also throttle requests running concurrently with the burst.
    const burst = await statuses({ throttledBurstRate: 0.2 }, 1);
    const nThrottled = burst.filter((r) => r !== 'dropped' && r.body?.errors?.[0]?.extensions?.code === 'THROTTLED').length;
    expect(nThrottled).toBeGreaterThan(N * 0.1);
    expect(nThrottled).toBeLessThan(N * 0.3);
    expect(sim.stats().faults.http5xx).toBe(n5);
  });

  it('slow responses still answer correctly', async () => {
    sim = await startSimulator({ customers: 50, seed: 2, endDate: END_DATE, restoreRateScale: 100, faults: { slowRate: 1, slowMs: 50 } });
    const r = await gql(sim, '{ shop { name } }');
    expect(r.body.data.shop.name).toBe('Simulated Outfitters');
    expect(sim.stats().faults.slow).toBe(1);
  });
});
