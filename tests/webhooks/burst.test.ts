// 10,000 webhooks from the simulator (duplicates, reordering, failed attempts retried) → the raw tables
// equal the simulator's truth for every record the events touched.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startWebhookSender } from '../../ingest/simulator/webhooks/sender.js';
import { startListener } from '../../ingest/webhooks/listener.js';
import { query, SECRET, tempDir } from './helpers.js';
import { churn, expectedOrders, ORDER_ROWS_SQL, quietStore } from './truth.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

describe('burst from the simulator', () => {
  it('10,000 webhooks with duplicates, reordering and failed attempts land as the store truth', async () => {
    const db = path.join(tempDir(), 'burst.duckdb');
    const listener = await startListener({ database: db, secret: SECRET, batch: { intervalMs: 50, maxBatch: 2000 }, log: () => undefined });
    cleanups.push(() => listener.close());
    const store = quietStore();
    const sender = startWebhookSender(store, { url: `${listener.url}/webhooks`, secret: SECRET, duplicateRate: 0.05, reorderWindow: 64, failRate: 0.02, retryDelaysMs: [20, 40, 80, 160, 320, 640, 1280, 2560], concurrency: 128 });
    cleanups.push(() => sender.close());
    const start = store.events.length;
    const t0 = Date.now();
    // ~7,000 store events render to 10,000+ deliveries (orders/create also sends its customers/update; 5% twice).
    // 128 concurrent senders: each journal fsync acknowledges a whole group, so wall time is not fsync-bound.
    churn(store, 7000);
    const t1 = Date.now();
    await sender.idle();
    await listener.idle();
    const s = sender.stats();
    process.stderr.write(`burst: churn+render ${t1 - t0} ms, delivered+committed ${Date.now() - t1} ms, ${JSON.stringify(s)} ${JSON.stringify(listener.stats())}\n`);
    expect(s.deliveries).toBeGreaterThanOrEqual(10_000);
    expect(s.failures).toBeGreaterThan(0);
    expect(s.gaveUp).toBe(0);
    // Orders the stream carried a body for (a delete of an order never seen leaves no raw row).
    const touched = new Set(store.events.slice(start).filter((e) => e.resource === 'Order' && e.topic !== 'orders/delete').map((e) => e.id));
    const rows = await query(db, ORDER_ROWS_SQL);
    expect(rows).toEqual(expectedOrders(store, touched));
    // Customer events, plus the customers/update Shopify sends for the customer of each new order.
    const customers = new Set(store.events.slice(start).filter((e) => e.resource === 'Customer' && e.topic !== 'customers/delete').map((e) => e.id));
    for (const e of store.events.slice(start)) {
      if (e.topic !== 'orders/create') continue;
      const customer = (store.orderNode(Number(e.id.split('/').pop()) - 6_100_000_000_000) as Record<string, any>)['customer'];
      const c = typeof customer === 'function' ? customer() : customer;
      if (c?.id) customers.add(c.id);
    }
    const [c] = await query<{ n: number }>(db, `SELECT count(*)::INTEGER AS n FROM raw_shopify.customers`);
    expect(c!.n).toBe(customers.size);
    const [d] = await query<{ n: number; dup: number }>(db, `SELECT count(*)::INTEGER AS n, (count(*) - count(DISTINCT event_id))::INTEGER AS dup FROM raw_shopify._webhook_deliveries`);
    expect(d!.dup).toBe(0);
    expect(d!.n).toBe(s.events);
    expect(listener.stats().batches).toBeLessThan(s.deliveries / 10); // micro-batched, not one transaction each
  }, 180_000);
});
