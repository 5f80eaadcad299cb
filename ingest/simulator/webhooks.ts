// Webhook deliveries for store events: REST-shaped snake_case bodies, signed like Shopify (base64
// HMAC-SHA256 of the raw body bytes), delivered at least once with retries, optionally duplicated.
import { createHmac, randomUUID } from 'node:crypto';
import type { StoreEvent, SimulatedStore } from './store.js';
import { parseGid } from './ids.js';

export interface WebhookConfig {
  url: string;
  /** The app's client secret used for X-Shopify-Hmac-Sha256. */
  secret: string;
  /** Topics to deliver (default: all). */
  topics?: string[];
  /** Share of deliveries sent twice (Shopify delivers at least once). */
  duplicateRate?: number;
  /** Delays between retries of a failed delivery (Shopify: 8 tries over ~4 h; scaled down here). */
  retryDelaysMs?: number[];
}

export interface WebhookStats { delivered: number; failedAttempts: number; gaveUp: number; duplicates: number }

type Obj = Record<string, unknown>;

const money = (m: unknown) => ((m as { shopMoney?: { amount?: string } } | null)?.shopMoney?.amount ?? '0.0');
const legacy = (gid: unknown) => (typeof gid === 'string' ? (parseGid(gid)?.legacy ?? null) : null);

function orderRest(n: Obj): Obj {
  const lines = (n.lineItems as Obj[]) ?? [];
  return {
    id: legacy(n.id), admin_graphql_api_id: n.id, name: n.name, email: n.email, created_at: n.createdAt, updated_at: n.updatedAt,
    processed_at: n.processedAt, cancelled_at: n.cancelledAt, cancel_reason: (n.cancelReason as string | null)?.toLowerCase() ?? null,
    closed_at: n.closedAt, test: n.test, currency: n.currencyCode, presentment_currency: n.presentmentCurrencyCode,
    source_name: n.sourceName, tags: ((n.tags as string[]) ?? []).join(', '),
    financial_status: (n.displayFinancialStatus as string).toLowerCase(),
    fulfillment_status: n.displayFulfillmentStatus === 'FULFILLED' ? 'fulfilled' : null,
    subtotal_price: money(n.subtotalPriceSet), total_price: money(n.totalPriceSet), current_total_price: money(n.currentTotalPriceSet),
    total_tax: money(n.totalTaxSet), total_discounts: money(n.totalDiscountsSet),
    discount_codes: ((n.discountCodes as string[]) ?? []).map((code) => ({ code })),
    customer: typeof n.customer === 'function' ? customerRef(n.customer as () => Obj) : null,
    line_items: lines.map((l) => ({
      id: legacy(l.id), admin_graphql_api_id: l.id, quantity: l.quantity, current_quantity: l.currentQuantity, sku: l.sku,
      name: l.name, price: money(l.originalUnitPriceSet), total_discount: money(l.totalDiscountSet),
    })),
    refunds: ((n.refunds as Obj[]) ?? []).map(refundRest(n)),
  };
}

function customerRef(thunk: () => Obj): Obj {
  const c = thunk();
  return { id: legacy(c.id), admin_graphql_api_id: c.id, email: c.email, first_name: c.firstName, last_name: c.lastName };
}

const refundRest = (order: Obj) => (r: Obj): Obj => ({
  id: legacy(r.id), admin_graphql_api_id: r.id, order_id: legacy(order.id), created_at: r.createdAt, processed_at: r.createdAt, note: r.note,
  refund_line_items: ((r.refundLineItems as Obj[]) ?? []).map((x) => ({ id: legacy(x.id), line_item_id: legacy((x.lineItem as Obj).id), quantity: x.quantity, restock_type: (x.restockType as string).toLowerCase(), subtotal: money(x.subtotalSet), total_tax: money(x.totalTaxSet) })),
  transactions: ((r.transactions as Obj[]) ?? []).map((t) => ({ id: legacy(t.id), admin_graphql_api_id: t.id, kind: (t.kind as string).toLowerCase(), status: (t.status as string).toLowerCase(), gateway: t.gateway, amount: money(t.amountSet), processed_at: t.processedAt })),
});

function customerRest(c: Obj): Obj {
  const spent = typeof c.amountSpent === 'function' ? (c.amountSpent as () => Obj)() : null;
  return {
    id: legacy(c.id), admin_graphql_api_id: c.id, email: c.email, first_name: c.firstName, last_name: c.lastName, phone: c.phone,
    created_at: c.createdAt, updated_at: c.updatedAt, state: (c.state as string).toLowerCase(), verified_email: c.verifiedEmail,
    tags: ((c.tags as string[]) ?? []).join(', '), note: c.note, currency: 'USD',
    orders_count: typeof c.numberOfOrders === 'function' ? Number((c.numberOfOrders as () => string)()) : null,
    total_spent: spent ? spent.amount : null,
  };
}

/** The webhook body for an event, computed when the event happens (retries resend these exact bytes). */
export function webhookBody(store: SimulatedStore, e: StoreEvent): Obj | null {
  const id = parseGid(e.id);
  if (!id) return null;
  if (e.topic === 'orders/delete' || e.topic === 'customers/delete' || e.topic === 'products/delete') return { id: id.legacy };
  if (e.resource === 'Order') {
    const order = store.orderNode(id.legacy - 6_100_000_000_000);
    if (e.topic === 'refunds/create') {
      const refunds = (order.refunds as Obj[]) ?? [];
      const last = refunds[refunds.length - 1];
      return last ? refundRest(order)(last) : null;
    }
    return orderRest(order);
  }
  if (e.resource === 'Customer') return customerRest(store.customerNode(id.legacy - 7_300_000_000_000));
  return null;
}

export class WebhookDispatcher {
  readonly stats: WebhookStats = { delivered: 0, failedAttempts: 0, gaveUp: 0, duplicates: 0 };
  private readonly pending = new Set<Promise<void>>();
  constructor(private config: WebhookConfig | null, private readonly shopDomain: () => string, private readonly apiVersion: string) {}

  configure(config: WebhookConfig | null): void { this.config = config; }

  send(topic: string, body: Obj, triggeredAt: string): void {
    const cfg = this.config;
    if (!cfg || (cfg.topics && !cfg.topics.includes(topic))) return;
    const raw = Buffer.from(JSON.stringify(body));
    const eventId = randomUUID();
    const copies = Math.random() < (cfg.duplicateRate ?? 0) ? 2 : 1;
    if (copies === 2) this.stats.duplicates++;
    for (let i = 0; i < copies; i++) {
      const p = this.deliver(cfg, topic, raw, eventId, triggeredAt).finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }

  private async deliver(cfg: WebhookConfig, topic: string, raw: Buffer, eventId: string, triggeredAt: string): Promise<void> {
    const delays = cfg.retryDelaysMs ?? [100, 500, 2000];
    const hmac = createHmac('sha256', cfg.secret).update(raw).digest('base64');
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      try {
        const res = await fetch(cfg.url, {
          method: 'POST', body: new Uint8Array(raw), signal: AbortSignal.timeout(5000),
          headers: {
            'Content-Type': 'application/json', 'X-Shopify-Topic': topic, 'X-Shopify-Hmac-Sha256': hmac,
            'X-Shopify-Shop-Domain': this.shopDomain(), 'X-Shopify-API-Version': this.apiVersion,
            'X-Shopify-Webhook-Id': randomUUID(), 'X-Shopify-Event-Id': eventId, 'X-Shopify-Triggered-At': triggeredAt,
          },
        });
        await res.arrayBuffer();
        if (res.ok) { this.stats.delivered++; return; }
      } catch {
        // network error or timeout: retried below, like a failed Shopify delivery
      }
      this.stats.failedAttempts++;
      if (attempt < delays.length) await new Promise((r) => setTimeout(r, delays[attempt]));
    }
    this.stats.gaveUp++;
  }

  /** Waits for in-flight deliveries (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
