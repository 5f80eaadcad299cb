// Generates the compact store from a seed: customers acquired along a seasonal curve, each following the
// BG/NBD story (Fader, Hardie & Lee 2005) with Gamma-Gamma order values (Colombo & Jiang 1999).
import { DAY_MS } from './clock.js';
import { Column, f64, i32, u16, u8 } from './columns.js';
import { RATES, type TruthParams } from './params.js';
import { beta, exponential, gamma, mulberry32, subSeed, type Rng } from './random.js';

export const enum OrderFlag {
  Test = 1, Discount = 2, Foreign = 4, GiftCard = 8, FullRefund = 16, Edited = 32, Cancelled = 64,
  Pos = 128, Draft = 256, Deleted = 512, FailedAttempt = 1024,
}

export interface CustomerColumns {
  count: number;
  createdAt: Column<Float64Array>;
  updatedAt: Column<Float64Array>;
  lambda: Column<Float64Array>; // purchases/day while alive (truth)
  dropout: Column<Float64Array>; // p (truth)
  nu: Column<Float64Array>; // Gamma-Gamma scale (truth)
  lead: Column<Uint8Array>; // 1 = never ordered by design
  deletedAt: Column<Float64Array>; // NaN = live
}

export interface OrderColumns {
  count: number;
  customer: Column<Int32Array>; // -1 = no customer
  createdAt: Column<Float64Array>;
  updatedAt: Column<Float64Array>;
  subtotalCents: Column<Int32Array>; // the Gamma-Gamma value, after discounts
  flags: Column<Uint16Array>;
  closedAt: Column<Float64Array>;
  cancelledAt: Column<Float64Array>;
  refundAt: Column<Float64Array>; // the generated refund (NaN = none); later refunds live in the store overlay
  editedAt: Column<Float64Array>;
  deletedAt: Column<Float64Array>;
}

export interface GeneratedData {
  customers: CustomerColumns;
  orders: OrderColumns;
}

/** Intensity multiplier with mean ~1: yearly peak late November, weekly peak on Sunday. */
export function seasonality(truth: TruthParams, ms: number): number {
  const day = ms / DAY_MS;
  const yearly = 1 + truth.seasonality.yearlyAmplitude * Math.cos((2 * Math.PI * (day - 332)) / 365.25);
  const weekly = 1 + truth.seasonality.weeklyAmplitude * Math.cos((2 * Math.PI * (day - 3)) / 7); // 1970-01-04 was a Sunday
  return yearly * weekly;
}

function seasonalMax(truth: TruthParams): number {
  return (1 + truth.seasonality.yearlyAmplitude) * (1 + truth.seasonality.weeklyAmplitude);
}

/** A time in [from, to) drawn with density proportional to the seasonal curve (rejection sampling). */
function seasonalTime(rng: Rng, truth: TruthParams, from: number, to: number): number {
  const max = seasonalMax(truth);
  for (;;) {
    const t = from + rng() * (to - from);
    if (rng() * max < seasonality(truth, t)) return Math.floor(t / 1000) * 1000;
  }
}

function valueCents(rng: Rng, p: number, nu: number): number {
  return Math.max(100, Math.round(gamma(rng, p, nu) * 100));
}

export function generate(seed: number, customerCount: number, start: number, end: number, truth: TruthParams): GeneratedData {
  const rng = mulberry32(subSeed(seed, 0, 1));
  const { r, alpha, a, b } = truth.bgnbd;
  const { p, q, gamma: gg } = truth.gammaGamma;
  const acquired = new Float64Array(customerCount);
  for (let i = 0; i < customerCount; i++) acquired[i] = seasonalTime(rng, truth, start, end);
  acquired.sort(); // customer ids follow acquisition order, as Shopify's increasing ids do

  const customers: CustomerColumns = {
    count: customerCount, createdAt: f64(customerCount), updatedAt: f64(customerCount), lambda: f64(customerCount),
    dropout: f64(customerCount), nu: f64(customerCount), lead: u8(customerCount), deletedAt: f64(customerCount, NaN),
  };
  const est = Math.ceil(customerCount * 12);
  const tmpCustomer = new Column(Int32Array, est);
  const tmpTime = new Column(Float64Array, est);
  const tmpValue = new Column(Int32Array, est);
  let n = 0;
  const push = (c: number, t: number, v: number) => {
    tmpCustomer.ensure(n + 1); tmpTime.ensure(n + 1); tmpValue.ensure(n + 1);
    tmpCustomer.data[n] = c; tmpTime.data[n] = t; tmpValue.data[n] = v; n++;
  };
  const smax = seasonalMax(truth);
  for (let c = 0; c < customerCount; c++) {
    const t0 = acquired[c]!;
    customers.createdAt.data[c] = t0;
    const lambda = gamma(rng, r, alpha);
    const drop = beta(rng, a, b);
    const nu = gamma(rng, q, gg);
    customers.lambda.data[c] = lambda;
    customers.dropout.data[c] = drop;
    customers.nu.data[c] = nu;
    if (rng() < RATES.leadCustomers) {
      customers.lead.data[c] = 1;
      if (rng() < RATES.deletedLeads) customers.deletedAt.data[c] = Math.min(end, t0 + Math.floor(rng() * 90) * DAY_MS + 3_600_000);
      continue;
    }
    push(c, t0, valueCents(rng, p, nu)); // the first purchase is the acquisition
    // Repeat purchases: Poisson(λ·s(t)) by thinning; after each, the customer drops out with probability p.
    let t = t0;
    for (;;) {
      t += exponential(rng, lambda * smax) * DAY_MS;
      if (t >= end) break;
      if (rng() * smax >= seasonality(truth, t)) continue;
      push(c, Math.floor(t / 1000) * 1000, valueCents(rng, p, nu));
      if (rng() < drop) break;
    }
  }
  const guests = Math.round(n * RATES.guestOrders);
  for (let g = 0; g < guests; g++) push(-1, seasonalTime(rng, truth, start, end), valueCents(rng, p, gamma(rng, q, gg)));

  const order = sortByTime(tmpTime.data, n);
  const orders = emptyOrders(n);
  for (let i = 0; i < n; i++) {
    const src = order[i]!;
    orders.customer.data[i] = tmpCustomer.data[src]!;
    orders.createdAt.data[i] = tmpTime.data[src]!;
    orders.subtotalCents.data[i] = tmpValue.data[src]!;
    decideLifecycle(orders, i, subSeed(seed, i, 2), end);
  }
  for (let c = 0; c < customerCount; c++) customers.updatedAt.data[c] = customers.createdAt.data[c]!;
  for (let i = 0; i < n; i++) {
    const c = orders.customer.data[i]!;
    if (c >= 0 && orders.createdAt.data[i]! > customers.updatedAt.data[c]!) customers.updatedAt.data[c] = orders.createdAt.data[i]!;
  }
  for (let c = 0; c < customerCount; c++) {
    const del = customers.deletedAt.data[c]!;
    if (del === del) customers.updatedAt.data[c] = del;
  }
  return { customers, orders };
}

export function emptyOrders(n: number): OrderColumns {
  return {
    count: n, customer: i32(n), createdAt: f64(n), updatedAt: f64(n), subtotalCents: i32(n), flags: u16(n),
    closedAt: f64(n, NaN), cancelledAt: f64(n, NaN), refundAt: f64(n, NaN), editedAt: f64(n, NaN), deletedAt: f64(n, NaN),
  };
}

/** Sort order indices by time, ties by generation order, via one native Float64Array sort of packed keys. */
function sortByTime(times: Float64Array, n: number): Int32Array {
  const out = new Int32Array(n);
  if (n < 1 << 22) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (times[i]! / 1000) * 4194304 + i;
    keys.sort();
    for (let i = 0; i < n; i++) out[i] = keys[i]! % 4194304;
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = i;
  return Int32Array.from(Array.from(out).sort((x, y) => times[x]! - times[y]! || x - y));
}

/** Flags and lifecycle timestamps of one order; updatedAt is the latest of them (capped at the window end). */
export function decideLifecycle(o: OrderColumns, i: number, seed: number, end: number): void {
  const rng = mulberry32(seed);
  const created = o.createdAt.data[i]!;
  let flags = 0;
  const channel = rng();
  if (channel < 0.08) flags |= OrderFlag.Pos;
  else if (channel < 0.11) flags |= OrderFlag.Draft;
  if (rng() < RATES.testOrders) flags |= OrderFlag.Test;
  if (rng() < RATES.discounted) flags |= OrderFlag.Discount;
  if (rng() < RATES.foreignCurrency && !(flags & OrderFlag.Pos)) flags |= OrderFlag.Foreign;
  if (rng() < RATES.giftCardPayment) flags |= OrderFlag.GiftCard;
  if (rng() < 0.02) flags |= OrderFlag.FailedAttempt;
  const sec = (ms: number) => Math.floor(ms / 1000) * 1000;
  let updated = created;
  const at = (ms: number) => { const t = sec(ms); if (t > updated) updated = t; return t; };
  if (rng() < RATES.cancelled) {
    const t = created + (1 + rng() * 47) * 3_600_000;
    if (t < end) { flags |= OrderFlag.Cancelled; o.cancelledAt.data[i] = at(t); }
  } else {
    if (!(flags & OrderFlag.GiftCard) && rng() < RATES.edited) {
      const t = created + (10 + rng() * 1200) * 60_000;
      if (t < end) { flags |= OrderFlag.Edited; o.editedAt.data[i] = at(t); }
    }
    const fulfilled = created + (0.5 + rng() * 4) * DAY_MS;
    if (fulfilled < end) o.closedAt.data[i] = at(fulfilled);
    if (rng() < RATES.refunded) {
      const late = rng() < RATES.lateRefundShare;
      const t = created + (late ? 30 + rng() * 170 : 2 + rng() * 23) * DAY_MS;
      if (t < end) {
        o.refundAt.data[i] = at(t);
        if (rng() < RATES.fullRefundShare) flags |= OrderFlag.FullRefund;
      }
    }
  }
  o.flags.data[i] = flags;
  o.updatedAt.data[i] = updated;
}
