import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../ingest/simulator/index.js';
import { END_DATE, gql, pageAll } from './helpers.js';

let sim: RunningSimulator;
beforeAll(async () => { sim = await startSimulator({ customers: 300, seed: 8, endDate: END_DATE, restoreRateScale: 100, realtimeClock: false }); });
afterAll(async () => { await sim.close(); });

describe('time and activity', () => {
  it('clock.advance moves sim time; activity stamps changes at that time and bumps updatedAt', async () => {
    const t0 = sim.clock.now();
    expect(t0).toBe(Date.parse(END_DATE));
    sim.clock.advance(3_600_000);
    const now = sim.clock.now();
    expect(now).toBe(t0 + 3_600_000);
    const ordersBefore = sim.store.liveOrderIds().length;
    const result = sim.store.simulateActivity({ newOrders: 5, updates: 3, refunds: 4, cancellations: 2, deletes: 1, customerUpdates: 2 });
    expect(result.created).toHaveLength(5);
    expect(result.refunded).toHaveLength(4);
    expect(sim.store.liveOrderIds().length).toBe(ordersBefore + 5 - 1);

    const iso = new Date(now).toISOString();
    const changed = await pageAll(sim, 'orders', 'id updatedAt refunds { createdAt } cancelledAt transactions { kind processedAt }', `updated_at:>='${iso}'`);
    const changedIds = new Set(changed.map((n) => n.id));
    for (const id of [...result.created, ...result.updated, ...result.refunded, ...result.cancelled]) {
      if (!result.deleted.includes(id)) expect(changedIds.has(id)).toBe(true);
    }
    for (const id of result.deleted) expect(changedIds.has(id)).toBe(false);
    expect(changed.every((n) => n.updatedAt === iso.replace('.000Z', 'Z'))).toBe(true);
    // A refund bumps its order and brings a REFUND transaction at the same time.
    const refunded = changed.find((n) => n.id === result.refunded.find((id) => !result.deleted.includes(id)));
    if (refunded.refunds.some((r: any) => r.createdAt === refunded.updatedAt)) {
      expect(refunded.transactions.some((t: any) => t.kind === 'REFUND' && t.processedAt === refunded.updatedAt)).toBe(true);
    }
    const customers = await pageAll(sim, 'customers', 'id', `updated_at:>='${iso}'`);
    expect(customers.length).toBeGreaterThanOrEqual(result.customersCreated.length + result.customersUpdated.length);

    const kinds = sim.store.events.filter((e) => e.at === iso.replace('.000Z', 'Z')).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['created', 'updated', 'refunded', 'cancelled', 'deleted']));
  });

  it('deleteCustomer hides the customer and logs a delete event', async () => {
    const id = sim.store.liveCustomerIds()[10]!;
    sim.store.deleteCustomer(id);
    const r = await gql(sim, 'query($id: ID!) { customer(id: $id) { id } }', { id });
    expect(r.body.data.customer).toBeNull();
    expect(sim.store.deletedIds().customers).toContain(id);
    expect(sim.store.events.at(-1)).toMatchObject({ kind: 'deleted', topic: 'customers/delete', id });
  });

  it('live mode mutates the store while a client pages through it', async () => {
    const before = sim.store.data.orders.count;
    sim.setLive({ everyRequests: 2, activity: { newOrders: 1, updates: 1 }, advanceMs: 1000 });
    try {
      await pageAll(sim, 'orders', 'id', undefined, 100);
    } finally {
      sim.setLive(null);
    }
    expect(sim.store.data.orders.count).toBeGreaterThan(before);
  });
});
