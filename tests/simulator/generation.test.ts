import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../ingest/simulator/index.js';
import { DAY_MS } from '../../ingest/simulator/clock.js';
import { seasonality } from '../../ingest/simulator/generate.js';
import { END_DATE } from './helpers.js';

function checksum(store: ReturnType<typeof createStore>): string {
  const h = createHash('sha256');
  const o = store.data.orders;
  h.update(Buffer.from(o.createdAt.data.buffer, 0, o.count * 8));
  h.update(Buffer.from(o.subtotalCents.data.buffer, 0, o.count * 4));
  h.update(Buffer.from(o.updatedAt.data.buffer, 0, o.count * 8));
  for (let i = 0; i < o.count; i += 7) h.update(JSON.stringify(store.orderNode(i)));
  for (let c = 0; c < store.data.customers.count; c += 11) h.update(JSON.stringify(store.customerNode(c)));
  return h.digest('hex');
}

describe('synthetic store generation', () => {
  it('is deterministic: the same seed and size give the same store, another seed a different one', () => {
    const opts = { customers: 300, seed: 42, endDate: END_DATE, realtimeClock: false };
    const a = createStore(opts);
    const b = createStore(opts);
    const c = createStore({ ...opts, seed: 43 });
    expect(a.data.orders.count).toBeGreaterThan(300);
    expect(checksum(a)).toBe(checksum(b));
    expect(checksum(c)).not.toBe(checksum(a));
  });

  it('records the true parameters and draws per-customer rates from them', () => {
    const store = createStore({ customers: 3000, seed: 5, endDate: END_DATE, realtimeClock: false });
    const { r, alpha, a, b } = store.truth.bgnbd;
    const c = store.data.customers;
    let sumLambda = 0;
    let sumP = 0;
    for (let i = 0; i < c.count; i++) { sumLambda += c.lambda.data[i]!; sumP += c.dropout.data[i]!; }
    // Means of Gamma(r, α) and Beta(a, b); 3000 draws put these within a few percent.
    expect(sumLambda / c.count).toBeGreaterThan((r / alpha) * 0.9);
    expect(sumLambda / c.count).toBeLessThan((r / alpha) * 1.1);
    expect(sumP / c.count).toBeGreaterThan((a / (a + b)) * 0.9);
    expect(sumP / c.count).toBeLessThan((a / (a + b)) * 1.1);
  });

  it('repeat purchases follow the BG/NBD story given each customer\'s true λ and p', () => {
    const store = createStore({ customers: 2000, seed: 9, endDate: END_DATE, realtimeClock: false });
    const start = Date.parse(store.window.start);
    const end = Date.parse(store.window.end);
    // Cumulative seasonal intensity per day, so Λ_i = λ_i · ∫ s(t) dt from acquisition to the end.
    const days = Math.ceil((end - start) / DAY_MS) + 1;
    const cum = new Float64Array(days + 1);
    for (let d = 0; d < days; d++) cum[d + 1] = cum[d]! + seasonality(store.truth, start + (d + 0.5) * DAY_MS);
    const S = (t: number) => { const x = (t - start) / DAY_MS; const d = Math.floor(x); return cum[d]! + (x - d) * (cum[d + 1]! - cum[d]!); };
    const c = store.data.customers;
    const observed = new Int32Array(c.count);
    const o = store.data.orders;
    for (let i = 0; i < o.count; i++) if (o.customer.data[i]! >= 0) observed[o.customer.data[i]!]!++;
    let expected = 0;
    let actual = 0;
    let buyers = 0;
    for (let i = 0; i < c.count; i++) {
      if (c.lead.data[i]) { expect(observed[i]).toBe(0); continue; }
      buyers++;
      const p = c.dropout.data[i]!;
      const big = c.lambda.data[i]! * (S(end) - S(c.createdAt.data[i]!));
      // E[repeats | λ, p] = Σ_k (1−p)^(k−1) P(N ≥ k) = (1 − e^(−pΛ)) / p for N ~ Poisson(Λ).
      expected += (1 - Math.exp(-p * big)) / p;
      actual += observed[i]! - 1;
    }
    expect(actual / expected).toBeGreaterThan(0.93);
    expect(actual / expected).toBeLessThan(1.07);
    const perCustomer = (actual + buyers) / buyers;
    expect(perCustomer).toBeGreaterThan(4);
    expect(perCustomer).toBeLessThan(20);
  });

  it('order lines, discounts, tax and shipping add up to the order totals', () => {
    const store = createStore({ customers: 300, seed: 11, endDate: END_DATE, realtimeClock: false });
    const cents = (m: any) => Math.round(Number(m.shopMoney.amount) * 100);
    let edited = 0;
    let refunded = 0;
    let foreign = 0;
    for (let i = 0; i < store.data.orders.count; i++) {
      const n: any = store.orderNode(i);
      const gross = n.lineItems.reduce((s: number, l: any) => s + cents(l.originalUnitPriceSet) * l.quantity, 0);
      expect(gross - cents(n.totalDiscountsSet)).toBe(cents(n.subtotalPriceSet));
      expect(cents(n.subtotalPriceSet) + cents(n.totalTaxSet) + cents(n.totalShippingPriceSet)).toBe(cents(n.totalPriceSet));
      expect(cents(n.subtotalPriceSet)).toBe(store.data.orders.subtotalCents.data[i]);
      const paid = n.transactions.filter((t: any) => (t.kind === 'SALE' || t.kind === 'CAPTURE') && t.status === 'SUCCESS').reduce((s: number, t: any) => s + cents(t.amountSet), 0);
      const back = n.transactions.filter((t: any) => t.kind === 'REFUND').reduce((s: number, t: any) => s + cents(t.amountSet), 0);
      expect(back).toBe(cents(n.totalRefundedSet));
      expect(back).toBeLessThanOrEqual(paid);
      for (const r of n.refunds) expect(Date.parse(r.createdAt)).toBeLessThanOrEqual(Date.parse(n.updatedAt));
      if (n.edited) { edited++; expect(cents(n.currentTotalPriceSet) + back).toBeLessThan(cents(n.totalPriceSet)); }
      if (n.refunds.length > 0) refunded++;
      if (n.presentmentCurrencyCode !== 'USD') foreign++;
    }
    expect(edited).toBeGreaterThan(0);
    expect(refunded).toBeGreaterThan(0);
    expect(foreign).toBeGreaterThan(0);
  });
});
