// The simulated shop: generated data, overlays written by activity, orderings for pagination, an append-only
// event log, and the generating truth for tests. Owns its data, so it is a class.
import { buildCatalog, type Catalog } from './catalog.js';
import { DAY_MS, isoSeconds, type SimClock } from './clock.js';
import { customerEmailOf, customerNode } from './customer-node.js';
import { generate, OrderFlag, type GeneratedData } from './generate.js';
import { ID_BASE, gid } from './ids.js';
import { simulateActivity, type ActivityPlan, type ActivityResult } from './activity.js';
import { identityOrdering, sortedOrdering, UpdatedIndex, type Ordering } from './listing.js';
import type { RefundEvent } from './order-money.js';
import { orderNode } from './order-node.js';
import type { TruthParams } from './params.js';
import { productNode, variantNode } from './product-node.js';
import { toPlain } from './plain.js';
import type { CustomerOverlay, OrderOverlay, StoreView } from './store-view.js';

export type EventKind = 'created' | 'updated' | 'refunded' | 'cancelled' | 'deleted';
export interface StoreEvent {
  seq: number;
  at: string; // sim time, ISO
  kind: EventKind;
  topic: string; // webhook topic, e.g. orders/updated
  resource: 'Order' | 'Customer' | 'Product';
  id: string; // gid
}

export interface StoreOptions { seed: number; customers: number; start: number; end: number; truth: TruthParams; shopDomain: string; clock: SimClock }

export class SimulatedStore implements StoreView {
  readonly seed: number;
  readonly shopDomain: string;
  readonly truth: TruthParams;
  readonly window: { start: string; end: string };
  readonly catalog: Catalog;
  readonly data: GeneratedData;
  readonly clock: SimClock;
  readonly extraRefunds = new Map<number, RefundEvent[]>();
  readonly orderOverlay = new Map<number, OrderOverlay>();
  readonly customerOverlay = new Map<number, CustomerOverlay>();
  /** Append-only log of what happened at or after generation (history itself is in the records). */
  readonly events: StoreEvent[] = [];
  private customerOrders: number[][] = [];
  private orderByUpdated: UpdatedIndex | null = null;
  private customerByUpdated: UpdatedIndex | null = null;
  private readonly listeners: Array<(e: StoreEvent) => void> = [];

  constructor(o: StoreOptions) {
    this.seed = o.seed;
    this.shopDomain = o.shopDomain;
    this.truth = o.truth;
    this.clock = o.clock;
    this.window = { start: isoSeconds(o.start), end: isoSeconds(o.end) };
    this.catalog = buildCatalog(o.seed, o.start, o.end);
    this.data = generate(o.seed, o.customers, o.start, o.end, o.truth);
    this.indexCustomerOrders();
    const c = this.data.customers;
    for (let i = 0; i < c.count; i++) {
      const d = c.deletedAt.data[i]!;
      if (d === d) this.log(d, 'deleted', 'customers/delete', 'Customer', gid('Customer', ID_BASE.Customer + i));
    }
  }

  private indexCustomerOrders(): void {
    this.customerOrders = Array.from({ length: this.data.customers.count }, () => []);
    const o = this.data.orders;
    for (let i = 0; i < o.count; i++) {
      const c = o.customer.data[i]!;
      if (c >= 0) this.customerOrders[c]!.push(i);
    }
  }

  onEvent(listener: (e: StoreEvent) => void): void { this.listeners.push(listener); }

  /**
   * The generated history as events (created, updated by an edit, refunded, cancelled), derived lazily from
   * the compact records in order index order, so a million-order store does not hold them in memory.
   */
  *historyEvents(): Generator<Omit<StoreEvent, 'seq'>> {
    const o = this.data.orders;
    const end = Date.parse(this.window.end);
    for (let i = 0; i < o.count; i++) {
      if (o.createdAt.data[i]! > end) break; // later orders come from activity and are in `events`
      const id = gid('Order', ID_BASE.Order + i);
      const ev = (at: number, kind: EventKind, topic: string) => ({ at: isoSeconds(at), kind, topic, resource: 'Order' as const, id });
      yield ev(o.createdAt.data[i]!, 'created', 'orders/create');
      const edited = o.editedAt.data[i]!;
      if (edited === edited) yield ev(edited, 'updated', 'orders/updated');
      const cancelled = o.cancelledAt.data[i]!;
      if (cancelled === cancelled) yield ev(cancelled, 'cancelled', 'orders/cancelled');
      const refunded = o.refundAt.data[i]!;
      if (refunded === refunded) yield ev(refunded, 'refunded', 'refunds/create');
    }
  }

  log(at: number, kind: EventKind, topic: string, resource: StoreEvent['resource'], id: string): void {
    const e: StoreEvent = { seq: this.events.length + 1, at: isoSeconds(at), kind, topic, resource, id };
    this.events.push(e);
    for (const l of this.listeners) l(e);
  }

  // ---- truth & lookups -------------------------------------------------------------------------
  isOrderDeleted(i: number): boolean { const d = this.data.orders.deletedAt.data[i]!; return d === d; }
  isCustomerDeleted(c: number): boolean { const d = this.data.customers.deletedAt.data[c]!; return d === d; }
  isTestOrder(i: number): boolean { return (this.data.orders.flags.data[i]! & OrderFlag.Test) !== 0; }
  ordersOfCustomer(c: number): number[] {
    const all = this.customerOrders[c] ?? [];
    return this.deletedOrderCount === 0 ? all : all.filter((i) => !this.isOrderDeleted(i));
  }
  /** Orders deleted so far (generation deletes none), so the common case skips the filter. */
  deletedOrderCount = 0;
  customerEmail(c: number): string { return customerEmailOf(this.seed, c); }

  orderNode(i: number): Record<string, unknown> { return orderNode(this, i); }
  customerNode(c: number): Record<string, unknown> {
    return customerNode(this, c, () => {
      let cents = 0;
      for (const i of this.ordersOfCustomer(c)) if (!this.isTestOrder(i)) cents += (this.orderNode(i).__netCents as number) ?? 0;
      return cents;
    });
  }
  productNode(p: number): Record<string, unknown> { return productNode(this.catalog, p); }
  variantNode(v: number): Record<string, unknown> { return variantNode(this.catalog, v); }

  /** Plain JSON of a record as the API would return it with every field selected (see plain.ts). */
  orderJson(i: number): Record<string, unknown> { return toPlain(this.orderNode(i)) as Record<string, unknown>; }
  customerJson(c: number): Record<string, unknown> { return toPlain(this.customerNode(c)) as Record<string, unknown>; }
  productJson(p: number): Record<string, unknown> { return toPlain(this.productNode(p)) as Record<string, unknown>; }

  /** Record indices of live orders / customers (index = legacy id − ID_BASE). */
  *liveOrderIndices(): Generator<number> { for (let i = 0; i < this.data.orders.count; i++) if (!this.isOrderDeleted(i)) yield i; }
  *liveCustomerIndices(): Generator<number> { for (let c = 0; c < this.data.customers.count; c++) if (!this.isCustomerDeleted(c)) yield c; }

  /** Live (not deleted) ids, for reconciliation checks in tests. */
  liveOrderIds(): string[] { return this.liveIds('Order', this.data.orders.count, (i) => this.isOrderDeleted(i)); }
  liveCustomerIds(): string[] { return this.liveIds('Customer', this.data.customers.count, (i) => this.isCustomerDeleted(i)); }
  deletedIds(): { orders: string[]; customers: string[] } {
    const pick = (type: 'Order' | 'Customer', n: number, del: (i: number) => boolean) =>
      Array.from({ length: n }, (_, i) => i).filter(del).map((i) => gid(type, ID_BASE[type] + i));
    return { orders: pick('Order', this.data.orders.count, (i) => this.isOrderDeleted(i)), customers: pick('Customer', this.data.customers.count, (i) => this.isCustomerDeleted(i)) };
  }
  private liveIds(type: 'Order' | 'Customer', n: number, deleted: (i: number) => boolean): string[] {
    const out: string[] = [];
    for (let i = 0; i < n; i++) if (!deleted(i)) out.push(gid(type, ID_BASE[type] + i));
    return out;
  }

  // ---- orderings -------------------------------------------------------------------------------
  ordersBy(sortKey: string): Ordering {
    const o = this.data.orders;
    if (sortKey === 'UPDATED_AT') return (this.orderByUpdated ??= new UpdatedIndex(o.count, (i) => o.updatedAt.data[i]!));
    if (sortKey === 'CREATED_AT' || sortKey === 'PROCESSED_AT') return identityOrdering(o.count, (i) => o.createdAt.data[i]!);
    return identityOrdering(o.count, (i) => i);
  }
  customersBy(sortKey: string): Ordering {
    const c = this.data.customers;
    if (sortKey === 'UPDATED_AT') return (this.customerByUpdated ??= new UpdatedIndex(c.count, (i) => c.updatedAt.data[i]!));
    if (sortKey === 'CREATED_AT') return identityOrdering(c.count, (i) => c.createdAt.data[i]!);
    return identityOrdering(c.count, (i) => i);
  }
  productsBy(sortKey: string): Ordering {
    const ps = this.catalog.products;
    if (sortKey === 'UPDATED_AT') return sortedOrdering(ps.length, (i) => ps[i]!.updatedAt);
    if (sortKey === 'CREATED_AT') return sortedOrdering(ps.length, (i) => ps[i]!.createdAt);
    return identityOrdering(ps.length, (i) => i);
  }
  /** Drops the UPDATED_AT orderings so they are rebuilt on next use (after bulk edits of the columns). */
  invalidate(): void { this.orderByUpdated = null; this.customerByUpdated = null; }

  /** Register records appended to the columns (activity) with the UPDATED_AT orderings. */
  orderAdded(i: number): void { this.orderByUpdated?.insert(i); }
  customerAdded(c: number): void { this.customerByUpdated?.insert(c); }

  /** Orders visible without read_all_orders: the last 60 days only. */
  recentOrdersCutoff(): number { return this.clock.now() - 60 * DAY_MS; }

  // ---- mutation helpers ------------------------------------------------------------------------
  advance(ms: number): void { this.clock.advance(ms); }

  /** Creates/updates/refunds/cancels/deletes at the current sim time; see ActivityPlan. */
  simulateActivity(plan: ActivityPlan): ActivityResult { return simulateActivity(this, plan); }

  touchOrder(i: number, at: number): void {
    const o = this.data.orders;
    const old = o.updatedAt.data[i]!;
    if (at <= old) return;
    o.updatedAt.data[i] = at;
    this.orderByUpdated?.move(i, old);
  }
  touchCustomer(c: number, at: number): void {
    const cs = this.data.customers;
    const old = cs.updatedAt.data[c]!;
    if (at <= old) return;
    cs.updatedAt.data[c] = at;
    this.customerByUpdated?.move(c, old);
  }
  pushCustomerOrder(c: number, i: number): void {
    while (this.customerOrders.length <= c) this.customerOrders.push([]);
    this.customerOrders[c]!.push(i);
  }

  deleteCustomer(id: string | number): void {
    const c = typeof id === 'number' ? id : Number(id.split('/').pop()) - ID_BASE.Customer;
    if (!(c >= 0 && c < this.data.customers.count) || this.isCustomerDeleted(c)) throw new Error(`deleteCustomer: no live customer ${id}`);
    const now = this.clock.now();
    this.data.customers.deletedAt.data[c] = now;
    this.touchCustomer(c, now);
    this.log(now, 'deleted', 'customers/delete', 'Customer', gid('Customer', ID_BASE.Customer + c));
  }
}
