import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startListener, type RunningListener } from '../../ingest/webhooks/listener.js';
import { fixture, post, query, SECRET, tempDir } from './helpers.js';

let dir: string;
let db: string;
let listener: RunningListener;
const logs: string[] = [];

beforeEach(async () => {
  dir = tempDir();
  db = path.join(dir, 'wh.duckdb');
  logs.length = 0;
  listener = await startListener({ database: db, secret: SECRET, batch: { intervalMs: 20 }, log: (m) => logs.push(m) });
});
afterEach(async () => {
  await listener.close();
});

describe('webhook receiver', () => {
  it('lands a valid orders/create as the same raw rows ingest writes, ids exact beyond 2^53', async () => {
    expect(await post(listener.url, { topic: 'orders/create', body: fixture('order_create.json') })).toBe(200);
    await listener.idle();
    const [order] = await query<{ id: string; legacy_resource_id: string; customer_id: string; total: string; tags: string; fin: string; ts: string }>(db,
      `SELECT id, legacy_resource_id, customer_id, data->>'$.totalPriceSet.presentmentMoney.amount' AS total, data->>'$.tags' AS tags,
              data->>'$.displayFinancialStatus' AS fin, data->>'$.createdAt' AS ts FROM raw_shopify.orders`);
    expect(order).toEqual({ id: 'gid://shopify/Order/9007199254740993', legacy_resource_id: '9007199254740993', customer_id: 'gid://shopify/Customer/9007199254740995',
      total: '46.91', tags: '["vip","first"]', fin: 'PAID', ts: '2026-03-01T14:00:00Z' });
    const lines = await query<{ id: string; order_id: string; product: string }>(db, `SELECT id, order_id, data->>'$.product.id' AS product FROM raw_shopify.order_lines`);
    expect(lines).toEqual([{ id: 'gid://shopify/LineItem/9007199254740997', order_id: order!.id, product: 'gid://shopify/Product/8900000000001' }]);
    const discounts = await query<{ id: string }>(db, `SELECT id FROM raw_shopify.discount_applications`);
    expect(discounts).toEqual([{ id: `${order!.id}#0` }]);
  });

  it('answers 401 to a forged or missing signature and writes nothing', async () => {
    const body = fixture('order_create.json');
    expect(await post(listener.url, { topic: 'orders/create', body, secret: 'wrong-secret' })).toBe(401);
    expect(await post(listener.url, { topic: 'orders/create', body, secret: null })).toBe(401);
    expect(await post(listener.url, { topic: 'orders/create', body, hmac: 'not base64 at all' })).toBe(401);
    // Re-serialised JSON does not verify even with the right key.
    expect(await post(listener.url, { topic: 'orders/create', body: body.replace('"#9001"', '"#9002"'), hmac: (await import('../../ingest/webhooks/hmac.js')).signBody(body, SECRET) })).toBe(401);
    await listener.idle();
    expect(listener.stats().unauthorized).toBe(4);
    const [n] = await query<{ n: number }>(db, `SELECT (SELECT count(*) FROM raw_shopify.orders) + (SELECT count(*) FROM raw_shopify._webhook_deliveries) AS n`);
    expect(Number(n!.n)).toBe(0);
    expect(readFileSync(`${db}.webhooks.journal`, 'utf8')).toBe('');
  });

  it('keeps one row and one delivery when the same webhook arrives twice', async () => {
    const body = fixture('order_create.json');
    expect(await post(listener.url, { topic: 'orders/create', body, webhookId: 'w-1', eventId: 'e-1' })).toBe(200);
    await listener.idle();
    expect(await post(listener.url, { topic: 'orders/create', body, webhookId: 'w-2', eventId: 'e-1' })).toBe(200);
    expect(await post(listener.url, { topic: 'orders/create', body, webhookId: 'w-2', eventId: 'e-1' })).toBe(200);
    await listener.idle();
    const rows = await query<{ t: string; n: number }>(db, `SELECT 'orders' AS t, count(*)::INTEGER AS n FROM raw_shopify.orders UNION ALL SELECT 'deliveries', count(*)::INTEGER FROM raw_shopify._webhook_deliveries`);
    expect(rows.sort((a, b) => a.t.localeCompare(b.t))).toEqual([{ t: 'deliveries', n: 1 }, { t: 'orders', n: 1 }]);
    expect(listener.stats().duplicates).toBe(2);
  });

  it('never lets an older update overwrite a newer one, in one batch or across batches', async () => {
    const newer = fixture('order_create.json').replace('"tags":"vip, first"', '"tags":"newer"').replace('10:00:05-04:00', '10:05:00-04:00');
    const older = fixture('order_create.json').replace('"tags":"vip, first"', '"tags":"older"');
    expect(await post(listener.url, { topic: 'orders/updated', body: newer })).toBe(200);
    await listener.idle();
    expect(await post(listener.url, { topic: 'orders/updated', body: older })).toBe(200);
    await listener.idle();
    // Same batch, older last.
    const newest = newer.replace('"tags":"newer"', '"tags":"newest"').replace('10:05:00-04:00', '10:06:00-04:00');
    await Promise.all([post(listener.url, { topic: 'orders/updated', body: newest }), post(listener.url, { topic: 'orders/updated', body: older })]);
    await listener.idle();
    const [row] = await query<{ tags: string; updated: string }>(db, `SELECT data->>'$.tags' AS tags, CAST(updated_at AS VARCHAR) AS updated FROM raw_shopify.orders`);
    expect(row).toEqual({ tags: '["newest"]', updated: '2026-03-01 14:06:00+00' });
  });

  it('customers/redact removes the personal fields from every raw table; data_request exports without logging PII', async () => {
    await post(listener.url, { topic: 'customers/update', body: fixture('customer_update.json') });
    await post(listener.url, { topic: 'orders/create', body: fixture('order_create.json') });
    await listener.idle();
    await post(listener.url, { topic: 'customers/data_request', body: '{"shop_domain":"test.myshopify.com","customer":{"id":9007199254740995,"email":"wendy.webhook@example.com"},"orders_requested":[9007199254740993],"data_request":{"id":77}}' });
    await listener.idle();
    const exports = readdirSync(path.join(dir, 'data_requests'));
    expect(exports).toEqual(['data_request-9007199254740995-77.json']);
    const exported = JSON.parse(readFileSync(path.join(dir, 'data_requests', exports[0]!), 'utf8'));
    expect(exported.customer.firstName).toBe('Wendy');
    expect(exported.orders).toHaveLength(1);

    await post(listener.url, { topic: 'customers/redact', body: '{"shop_domain":"test.myshopify.com","customer":{"id":9007199254740995,"email":"wendy.webhook@example.com","phone":"+15550001234"},"orders_to_redact":[9007199254740993]}' });
    await listener.idle();
    // (bodies are raw text: a JS number literal would already have rounded the ids)
    // A late retry of an old update must not bring the personal data back.
    await post(listener.url, { topic: 'customers/update', body: fixture('customer_update.json'), webhookId: 'late-retry' });
    await listener.idle();
    const tables = await query<{ t: string }>(db, `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'raw_shopify'`);
    for (const { t } of tables) {
      const [hit] = await query<{ n: number }>(db, `SELECT count(*)::INTEGER AS n FROM raw_shopify."${t}" t WHERE regexp_matches(CAST(t AS VARCHAR), 'wendy|Wendy|Webhook|5550001234|73301|Hook Lane')`);
      expect({ t, n: hit!.n }).toEqual({ t, n: 0 });
    }
    const [kept] = await query<{ n: number }>(db, `SELECT count(*)::INTEGER AS n FROM raw_shopify.customers WHERE data->>'$.state' = 'ENABLED'`);
    expect(kept!.n).toBe(1); // non-personal fields stay for the analytics
    expect(logs.join('\n')).not.toMatch(/wendy|5550001234|73301|Hook Lane/i);
    expect(logs.some((l) => l.includes('customers/redact') && l.includes('no personal values remain'))).toBe(true);
    expect(existsSync(`${db}.webhooks.journal`) && readFileSync(`${db}.webhooks.journal`, 'utf8')).toBe('');
  });
});
