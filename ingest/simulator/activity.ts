// Store activity at the current sim time: new orders (and sometimes new customers), updates, refunds,
// cancellations and deletions. Every change bumps updatedAt the way Shopify does (a refund or transaction
// bumps its order) and is appended to the event log.
import { decideLifecycle, OrderFlag } from './generate.js';
import { ID_BASE, gid } from './ids.js';
import { RATES } from './params.js';
import { beta, gamma, mulberry32, subSeed, type Rng } from './random.js';
import type { SimulatedStore } from './store.js';

export interface ActivityPlan {
  newOrders?: number;
  /** Share of new orders placed by a brand-new customer (default 0.3). */
  newCustomerShare?: number;
  updates?: number; // order tag/note edits
  refunds?: number;
  cancellations?: number;
  deletes?: number; // order deletions
  customerUpdates?: number;
}

export interface ActivityResult { created: string[]; updated: string[]; refunded: string[]; cancelled: string[]; deleted: string[]; customersCreated: string[]; customersUpdated: string[] }

let activitySalt = 1000;

function pickLiveOrder(store: SimulatedStore, rng: Rng, ok: (i: number) => boolean): number {
  const n = store.data.orders.count;
  for (let tries = 0; tries < 200; tries++) {
    const i = Math.floor(rng() * n);
    if (!store.isOrderDeleted(i) && ok(i)) return i;
  }
  return -1;
}

function addCustomer(store: SimulatedStore, rng: Rng, now: number): number {
  const c = store.data.customers;
  const i = c.count;
  for (const col of [c.createdAt, c.updatedAt, c.lambda, c.dropout, c.nu, c.lead, c.deletedAt]) col.ensure(i + 1);
  const t = store.truth;
  c.createdAt.data[i] = now;
  c.updatedAt.data[i] = now;
  c.lambda.data[i] = gamma(rng, t.bgnbd.r, t.bgnbd.alpha);
  c.dropout.data[i] = beta(rng, t.bgnbd.a, t.bgnbd.b);
  c.nu.data[i] = gamma(rng, t.gammaGamma.q, t.gammaGamma.gamma);
  c.lead.data[i] = 0;
  c.deletedAt.data[i] = NaN;
  c.count++;
  store.customerAdded(i);
  return i;
}

function addOrder(store: SimulatedStore, rng: Rng, customer: number, now: number): number {
  const o = store.data.orders;
  const i = o.count;
  for (const col of [o.customer, o.createdAt, o.updatedAt, o.subtotalCents, o.flags, o.closedAt, o.cancelledAt, o.refundAt, o.editedAt, o.deletedAt]) col.ensure(i + 1);
  const nu = customer >= 0 ? store.data.customers.nu.data[customer]! : gamma(rng, store.truth.gammaGamma.q, store.truth.gammaGamma.gamma);
  o.customer.data[i] = customer;
  o.createdAt.data[i] = now;
  o.subtotalCents.data[i] = Math.max(100, Math.round(gamma(rng, store.truth.gammaGamma.p, nu) * 100));
  o.count++;
  // Reuse the history's flag rules but keep the new order open: no refund, cancel, edit or fulfilment yet.
  decideLifecycle(o, i, subSeed(store.seed, i, 2), now);
  o.flags.data[i] = o.flags.data[i]! & ~(OrderFlag.Cancelled | OrderFlag.Edited | OrderFlag.FullRefund);
  for (const col of [o.closedAt, o.cancelledAt, o.refundAt, o.editedAt, o.deletedAt]) col.data[i] = NaN;
  o.updatedAt.data[i] = now;
  if (customer >= 0) store.pushCustomerOrder(customer, i);
  store.orderAdded(i);
  return i;
}

export function simulateActivity(store: SimulatedStore, plan: ActivityPlan): ActivityResult {
  const rng = mulberry32(subSeed(store.seed, activitySalt++, 77));
  const now = store.clock.now();
  const r: ActivityResult = { created: [], updated: [], refunded: [], cancelled: [], deleted: [], customersCreated: [], customersUpdated: [] };
  const orderGid = (i: number) => gid('Order', ID_BASE.Order + i);
  const customerGid = (c: number) => gid('Customer', ID_BASE.Customer + c);
  for (let k = 0; k < (plan.newOrders ?? 0); k++) {
    let c = -1;
    if (rng() < (plan.newCustomerShare ?? 0.3)) {
      c = addCustomer(store, rng, now);
      r.customersCreated.push(customerGid(c));
      store.log(now, 'created', 'customers/create', 'Customer', customerGid(c));
    } else if (rng() >= RATES.guestOrders) {
      const n = store.data.customers.count;
      for (let tries = 0; tries < 50 && c < 0; tries++) {
        const cand = Math.floor(rng() * n);
        if (!store.isCustomerDeleted(cand)) c = cand;
      }
    }
    const i = addOrder(store, rng, c, now);
    if (c >= 0) store.touchCustomer(c, now);
    r.created.push(orderGid(i));
    store.log(now, 'created', 'orders/create', 'Order', orderGid(i));
  }
  for (let k = 0; k < (plan.updates ?? 0); k++) {
    const i = pickLiveOrder(store, rng, () => true);
    if (i < 0) continue;
    const prev = store.orderOverlay.get(i) ?? {};
    store.orderOverlay.set(i, { ...prev, tags: [...(prev.tags ?? []), `sim-${k}-${now / 1000}`], note: `Updated at ${new Date(now).toISOString()}` });
    store.touchOrder(i, now);
    r.updated.push(orderGid(i));
    store.log(now, 'updated', 'orders/updated', 'Order', orderGid(i));
  }
  for (let k = 0; k < (plan.refunds ?? 0); k++) {
    const i = pickLiveOrder(store, rng, (j) => Number.isNaN(store.data.orders.cancelledAt.data[j]!));
    if (i < 0) continue;
    const list = store.extraRefunds.get(i) ?? [];
    list.push({ at: now, full: rng() < 0.3, restockType: 'RETURN' });
    store.extraRefunds.set(i, list);
    store.touchOrder(i, now);
    r.refunded.push(orderGid(i));
    store.log(now, 'refunded', 'refunds/create', 'Order', orderGid(i));
  }
  for (let k = 0; k < (plan.cancellations ?? 0); k++) {
    const i = pickLiveOrder(store, rng, (j) => Number.isNaN(store.data.orders.cancelledAt.data[j]!));
    if (i < 0) continue;
    store.data.orders.cancelledAt.data[i] = now;
    store.data.orders.flags.data[i] = store.data.orders.flags.data[i]! | OrderFlag.Cancelled;
    store.touchOrder(i, now);
    r.cancelled.push(orderGid(i));
    store.log(now, 'cancelled', 'orders/cancelled', 'Order', orderGid(i));
  }
  for (let k = 0; k < (plan.deletes ?? 0); k++) {
    const i = pickLiveOrder(store, rng, () => true);
    if (i < 0) continue;
    store.data.orders.deletedAt.data[i] = now;
    store.deletedOrderCount++; // deletion hides the record (listing filters it); its sort position is unchanged
    r.deleted.push(orderGid(i));
    store.log(now, 'deleted', 'orders/delete', 'Order', orderGid(i));
  }
  for (let k = 0; k < (plan.customerUpdates ?? 0); k++) {
    const c = Math.floor(rng() * store.data.customers.count);
    if (store.isCustomerDeleted(c)) continue;
    store.customerOverlay.set(c, { ...(store.customerOverlay.get(c) ?? {}), note: `Updated at ${new Date(now).toISOString()}` });
    store.touchCustomer(c, now);
    r.customersUpdated.push(customerGid(c));
    store.log(now, 'updated', 'customers/update', 'Customer', customerGid(c));
  }
  return r;
}
