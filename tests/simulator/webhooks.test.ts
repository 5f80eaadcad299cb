import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../ingest/simulator/index.js';
import { END_DATE, gql } from './helpers.js';

const SECRET = 'test-webhook-secret'; // a fixture value, not a real app secret
interface Received { headers: IncomingHttpHeaders; raw: Buffer }
const received: Received[] = [];
let failNext = 0;
let receiver: Server;
let sim: RunningSimulator;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failNext > 0) { failNext--; res.writeHead(500).end(); return; }
      received.push({ headers: req.headers, raw: Buffer.concat(chunks) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
  sim = await startSimulator({ customers: 200, seed: 31, endDate: END_DATE, restoreRateScale: 100, realtimeClock: false, webhooks: { url, secret: SECRET, retryDelaysMs: [10, 10, 10] } });
});
afterAll(async () => {
  await sim.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

function verify(r: Received): boolean {
  const expected = createHmac('sha256', SECRET).update(r.raw).digest();
  const given = Buffer.from(String(r.headers['x-shopify-hmac-sha256']), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('webhooks', () => {
  it('posts signed REST-shaped bodies with Shopify headers for store activity', async () => {
    sim.clock.advance(60_000);
    const result = sim.store.simulateActivity({ newOrders: 2, refunds: 1, deletes: 1 });
    await sim.flushWebhooks();
    const topics = received.map((r) => r.headers['x-shopify-topic']);
    expect(topics).toEqual(expect.arrayContaining(['orders/create', 'refunds/create', 'orders/delete']));
    for (const r of received) {
      expect(verify(r)).toBe(true);
      expect(r.headers['x-shopify-shop-domain']).toBe(sim.shop);
      expect(r.headers['x-shopify-api-version']).toBe('2026-10');
      expect(r.headers['x-shopify-webhook-id']).toBeTruthy();
      expect(r.headers['x-shopify-event-id']).toBeTruthy();
      expect(r.headers['x-shopify-triggered-at']).toBe(new Date(sim.clock.now()).toISOString().replace('.000Z', 'Z'));
    }
    const created = JSON.parse(received.find((r) => r.headers['x-shopify-topic'] === 'orders/create')!.raw.toString());
    expect(result.created).toContain(created.admin_graphql_api_id);
    expect(typeof created.id).toBe('number');
    expect(created).toHaveProperty('line_items');
    expect(created).toHaveProperty('financial_status');
    const deleted = JSON.parse(received.find((r) => r.headers['x-shopify-topic'] === 'orders/delete')!.raw.toString());
    expect(deleted).toEqual({ id: Number(result.deleted[0]!.split('/').pop()) });
    // Tampering with the body breaks the signature.
    const tampered = { ...received[0]!, raw: Buffer.concat([received[0]!.raw, Buffer.from(' ')]) };
    expect(verify(tampered)).toBe(false);
  });

  it('retries a failed delivery with the same payload and event id', async () => {
    received.length = 0;
    failNext = 2;
    sim.store.simulateActivity({ updates: 1 });
    await sim.flushWebhooks();
    expect(received).toHaveLength(1);
    expect(sim.webhookStats().failedAttempts).toBeGreaterThanOrEqual(2);
    expect(verify(received[0]!)).toBe(true);
  });

  it('sends bulk_operations/finish when a bulk operation ends', async () => {
    received.length = 0;
    await gql(sim, 'mutation { bulkOperationRunQuery(query: "{ customers { edges { node { id } } } }") { bulkOperation { id } userErrors { message } } }');
    await sim.bulkIdle();
    await sim.flushWebhooks();
    const finish = received.find((r) => r.headers['x-shopify-topic'] === 'bulk_operations/finish');
    expect(finish).toBeDefined();
    expect(JSON.parse(finish!.raw.toString())).toMatchObject({ status: 'completed', error_code: null, type: 'query' });
  });
});
