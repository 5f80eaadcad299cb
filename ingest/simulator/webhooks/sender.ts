// The simulator's webhook deliveries: every store event becomes a REST-shaped POST with Shopify's headers
// and a correct HMAC; duplicates, reordering, delays and failed attempts are injectable, and failed
// deliveries are retried with backoff like Shopify (8 retries by default). Owns timers and sockets.
import { createHmac, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { ID_BASE, parseGid } from '../ids.js';
import { mulberry32 } from '../random.js';
import type { SimulatedStore, StoreEvent } from '../store.js';
import { customerRest, orderRest, productRest, refundRest } from './rest.js';

export interface WebhookSenderOptions {
  url: string;
  secret: string;
  apiVersion?: string;
  /** Share of events delivered twice (same event id, new webhook id). */
  duplicateRate?: number;
  /** Deliveries are shuffled within windows of this many (0: in order). */
  reorderWindow?: number;
  /** Random delay before the first attempt, [min, max] ms. */
  delayMs?: [number, number];
  /** Share of attempts that fail before reaching the receiver (then retried). */
  failRate?: number;
  /** Waits before each retry; its length is the retry count (Shopify: 8 over ~4 h). */
  retryDelaysMs?: number[];
  concurrency?: number;
  seed?: number;
  timeoutMs?: number;
}

export interface Outgoing { topic: string; body: string; eventId: string; webhookId: string; triggeredAt: string; attempts: number }
export interface SenderStats { events: number; deliveries: number; attempts: number; failures: number; acknowledged: number; gaveUp: number }

export interface WebhookSender {
  /** Queue a delivery of an arbitrary topic/body (privacy topics, products/update). */
  send(topic: string, body: unknown, at?: string): void;
  stats(): SenderStats;
  /** Resolves when every delivery is acknowledged or given up. */
  idle(): Promise<void>;
  close(): void;
}

export function payloadsFor(store: SimulatedStore, e: StoreEvent): [string, unknown][] {
  const legacy = parseGid(e.id)!.legacy;
  if (e.resource === 'Order') {
    const idx = legacy - ID_BASE.Order;
    if (e.topic === 'orders/delete') return [[e.topic, { id: legacy }]];
    const order = orderRest(store, idx);
    if (e.topic === 'refunds/create') {
      const refunds = order['refunds'] as Record<string, unknown>[];
      // Shopify sends the refund itself and an orders/updated for the changed order.
      return [...(refunds.length ? [[e.topic, refunds[refunds.length - 1]] as [string, unknown]] : []), ['orders/updated', order]];
    }
    // A new order changes its customer (order count, spend, updated_at): Shopify follows with customers/update.
    const customerId = (order['customer'] as Record<string, unknown> | null)?.['id'];
    if (e.topic === 'orders/create' && typeof customerId === 'number') {
      return [[e.topic, order], ['customers/update', customerRest(store.customerNode(customerId - ID_BASE.Customer))]];
    }
    return [[e.topic, order]];
  }
  if (e.resource === 'Customer') {
    if (e.topic === 'customers/delete') return [[e.topic, { id: legacy }]];
    return [[e.topic, customerRest(store.customerNode(legacy - ID_BASE.Customer))]];
  }
  return [[e.topic, productRest(store, legacy - ID_BASE.Product)]];
}

export { refundRest };

export function startWebhookSender(store: SimulatedStore, options: WebhookSenderOptions): WebhookSender {
  const rng = mulberry32(options.seed ?? 7);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency ?? 16 });
  const retries = options.retryDelaysMs ?? [60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_840_000, 7_680_000];
  const target = new URL(options.url);
  const stats: SenderStats = { events: 0, deliveries: 0, attempts: 0, failures: 0, acknowledged: 0, gaveUp: 0 };
  let buffer: Outgoing[] = [];
  const ready: Outgoing[] = [];
  let waiting = 0; // delayed or backing off
  let active = 0;
  let closed = false;
  const idlers: (() => void)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
    timers.add(t);
  };

  const checkIdle = () => {
    if (buffer.length === 0 && ready.length === 0 && waiting === 0 && active === 0) for (const f of idlers.splice(0)) f();
  };

  const enqueue = (o: Outgoing) => {
    stats.deliveries++;
    buffer.push(o);
    if (rng() < (options.duplicateRate ?? 0)) {
      stats.deliveries++;
      buffer.push({ ...o, webhookId: randomUUID() });
    }
    if (buffer.length >= Math.max(1, options.reorderWindow ?? 0)) release();
    else queueMicrotask(release);
  };

  function release(): void {
    const batch = buffer;
    buffer = [];
    if ((options.reorderWindow ?? 0) > 1) {
      for (let i = batch.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [batch[i], batch[j]] = [batch[j]!, batch[i]!];
      }
    }
    for (const o of batch) {
      const [min, max] = options.delayMs ?? [0, 0];
      if (max > 0) {
        waiting++;
        later(min + rng() * (max - min), () => { waiting--; ready.push(o); pump(); });
      } else ready.push(o);
    }
    pump();
  }

  function pump(): void {
    while (!closed && active < (options.concurrency ?? 16) && ready.length > 0) {
      const o = ready.shift()!;
      active++;
      attempt(o).finally(() => { active--; pump(); checkIdle(); });
    }
    checkIdle();
  }

  async function attempt(o: Outgoing): Promise<void> {
    stats.attempts++;
    o.attempts++;
    const ok = rng() >= (options.failRate ?? 0) && (await post(o));
    if (ok) {
      stats.acknowledged++;
      return;
    }
    stats.failures++;
    if (o.attempts > retries.length) {
      stats.gaveUp++;
      return;
    }
    waiting++;
    later(retries[o.attempts - 1]!, () => { waiting--; ready.push(o); pump(); });
  }

  function post(o: Outgoing): Promise<boolean> {
    const body = Buffer.from(o.body, 'utf8');
    return new Promise((resolve) => {
      const req = request({
        agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', timeout: options.timeoutMs ?? 5000,
        headers: {
          'Content-Type': 'application/json', 'Content-Length': body.length,
          'X-Shopify-Topic': o.topic, 'X-Shopify-Hmac-Sha256': createHmac('sha256', options.secret).update(body).digest('base64'),
          'X-Shopify-Shop-Domain': store.shopDomain, 'X-Shopify-API-Version': options.apiVersion ?? '2026-10',
          'X-Shopify-Webhook-Id': o.webhookId, 'X-Shopify-Event-Id': o.eventId, 'X-Shopify-Triggered-At': o.triggeredAt,
        },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve((res.statusCode ?? 500) >= 200 && (res.statusCode ?? 500) < 300));
        res.on('error', () => resolve(false));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve(false));
      req.end(body);
    });
  }

  const send = (topic: string, body: unknown, at?: string) => {
    stats.events++;
    enqueue({ topic, body: typeof body === 'string' ? body : JSON.stringify(body), eventId: randomUUID(), webhookId: randomUUID(), triggeredAt: at ?? new Date().toISOString(), attempts: 0 });
  };
  store.onEvent((e) => {
    if (closed) return;
    // Rendered now: a webhook carries the resource as it was when the event happened, retries included.
    for (const [topic, body] of payloadsFor(store, e)) send(topic, body, e.at);
  });

  return {
    send,
    stats: () => ({ ...stats }),
    idle: () => new Promise<void>((resolve) => { idlers.push(resolve); checkIdle(); }),
    close: () => {
      closed = true;
      for (const t of timers) clearTimeout(t);
      agent.destroy();
    },
  };
}
