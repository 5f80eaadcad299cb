// What the simulated store says the figures must be, computed in TypeScript from the order nodes the
// simulator renders and its deletion truth, following the revenue rules in models/README (never from SQL).
import type { SimulatedStore } from '../../ingest/simulator/store.js';
import { asReceived } from '../../bench/models-store.js';

type Json = Record<string, any>;
const cents = (set: Json | null | undefined): number => Math.round(Number(set?.shopMoney?.amount ?? 0) * 100);

export interface TruthOrder {
  id: string;
  customerId: string | null;
  date: string; // UTC yyyy-mm-dd
  isRevenue: boolean;
  isTest: boolean;
  netCents: number;
  channel: string;
  presentmentCurrency: string;
  units: Map<string, number>; // product id -> units ordered
  refunds: { date: string; cents: number }[];
}

export function orderTruth(store: SimulatedStore): TruthOrder[] {
  const out: TruthOrder[] = [];
  for (let i = 0; i < store.data.orders.count; i++) {
    const o = asReceived(store.orderNode(i)) as Json;
    const refundedQty = new Map<string, number>();
    const refunds: TruthOrder['refunds'] = [];
    for (const r of o.refunds ?? []) {
      let returned = 0;
      for (const rl of r.refundLineItems ?? []) {
        refundedQty.set(rl.lineItem.id, (refundedQty.get(rl.lineItem.id) ?? 0) + rl.quantity);
        returned += cents(rl.subtotalSet);
      }
      refunds.push({ date: String(r.createdAt).slice(0, 10), cents: returned });
    }
    let net = 0;
    const units = new Map<string, number>();
    for (const l of o.lineItems ?? []) {
      if (l.isGiftCard) continue;
      const gross = cents(l.originalUnitPriceSet) * l.quantity;
      const discount = cents(l.totalDiscountSet);
      const edited = Math.max(l.quantity - l.currentQuantity - (refundedQty.get(l.id) ?? 0), 0);
      net += gross - discount - Math.round((gross - discount) / l.quantity) * edited;
      units.set(l.product.id, (units.get(l.product.id) ?? 0) + l.quantity);
    }
    net -= refunds.reduce((s, r) => s + r.cents, 0);
    const visit = o.customerJourneySummary?.firstVisit;
    const customerId = o.customer?.id ?? null;
    out.push({
      id: o.id,
      customerId,
      date: String(o.processedAt).slice(0, 10),
      isTest: o.test === true,
      isRevenue: !o.test && o.cancelledAt == null && !store.isOrderDeleted(i) && customerId !== null,
      netCents: net,
      channel: String(visit?.utmParameters?.source ?? visit?.source ?? o.sourceName).toLowerCase(),
      presentmentCurrency: o.presentmentCurrencyCode,
      units,
      refunds,
    });
  }
  return out;
}

export interface CustomerTruth { orders: number; netCents: number; firstOrder: string }

export function customerTruth(orders: TruthOrder[]): Map<string, CustomerTruth> {
  const byCustomer = new Map<string, CustomerTruth>();
  for (const o of orders.filter((x) => x.isRevenue)) {
    const c = byCustomer.get(o.customerId!) ?? { orders: 0, netCents: 0, firstOrder: o.date };
    c.orders += 1;
    c.netCents += o.netCents;
    if (o.date < c.firstOrder) c.firstOrder = o.date;
    byCustomer.set(o.customerId!, c);
  }
  return byCustomer;
}
