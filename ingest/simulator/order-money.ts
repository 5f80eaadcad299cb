// Payments and refunds of one order: SALE/CAPTURE transactions (some paid partly by gift card), and
// refunds with refund line items and REFUND transactions, tracked so nothing is refunded twice.
import { isoSeconds } from './clock.js';
import { OrderFlag } from './generate.js';
import { ID_BASE, gid } from './ids.js';
import { moneyBag, type Presentment } from './money.js';
import type { BuiltLine } from './order-lines.js';
import type { Rng } from './random.js';

type Json = Record<string, unknown>;

interface PaymentInput { idx: number; flags: number; created: number; editedAt: number; total: number; capture: number; test: boolean; presentment: Presentment }
interface Payment { id: number; gateway: string; cents: number; refundable: number }
export interface Payments { transactions: Json[]; sales: Payment[]; capturedCents: number }

export interface RefundEvent { at: number; full: boolean; restockType: 'RETURN' | 'NO_RESTOCK' | 'CANCEL' }

function tx(idx: number, k: number, kind: string, status: string, gateway: string, cents: number, at: number, p: Presentment, test: boolean, parent: number | null): Json {
  return {
    __typename: 'OrderTransaction', id: gid('OrderTransaction', ID_BASE.OrderTransaction + idx * 32 + k), kind, status, gateway,
    formattedGateway: gateway === 'gift_card' ? 'Gift card' : gateway === 'shopify_payments' ? 'Shopify Payments' : gateway,
    amountSet: moneyBag(cents, p), processedAt: isoSeconds(at), createdAt: isoSeconds(at), test,
    errorCode: status === 'FAILURE' ? 'CARD_DECLINED' : null,
    parentTransaction: parent === null ? null : { __typename: 'OrderTransaction', id: gid('OrderTransaction', ID_BASE.OrderTransaction + idx * 32 + parent) },
  };
}

export function buildPayments(rng: Rng, o: PaymentInput): Payments {
  const transactions: Json[] = [];
  const sales: Payment[] = [];
  const gateway = o.test ? 'bogus' : o.flags & OrderFlag.Draft ? 'manual' : o.flags & OrderFlag.Pos || rng() < 0.85 ? 'shopify_payments' : 'paypal';
  let k = 0;
  if (o.flags & OrderFlag.FailedAttempt) transactions.push(tx(o.idx, k++, 'SALE', 'FAILURE', gateway, o.total, o.created, o.presentment, o.test, null));
  if (o.flags & OrderFlag.Edited) {
    const auth = k++;
    transactions.push(tx(o.idx, auth, 'AUTHORIZATION', 'SUCCESS', gateway, o.total, o.created, o.presentment, o.test, null));
    const cap = k++;
    transactions.push(tx(o.idx, cap, 'CAPTURE', 'SUCCESS', gateway, o.capture, o.editedAt, o.presentment, o.test, auth));
    sales.push({ id: cap, gateway, cents: o.capture, refundable: o.capture });
  } else if (o.flags & OrderFlag.GiftCard) {
    const card = Math.min(o.total, [2500, 5000, 10000][Math.floor(rng() * 3)]!);
    const g = k++;
    transactions.push(tx(o.idx, g, 'SALE', 'SUCCESS', 'gift_card', card, o.created, o.presentment, o.test, null));
    sales.push({ id: g, gateway: 'gift_card', cents: card, refundable: card });
    if (o.total > card) {
      const s = k++;
      transactions.push(tx(o.idx, s, 'SALE', 'SUCCESS', gateway, o.total - card, o.created, o.presentment, o.test, null));
      sales.push({ id: s, gateway, cents: o.total - card, refundable: o.total - card });
    }
  } else {
    const s = k++;
    transactions.push(tx(o.idx, s, 'SALE', 'SUCCESS', gateway, o.total, o.created, o.presentment, o.test, null));
    sales.push({ id: s, gateway, cents: o.total, refundable: o.total });
  }
  return { transactions, sales, capturedCents: o.capture };
}

interface RefundInput {
  idx: number; lines: BuiltLine[]; lineIds: number[]; current: number[]; taxRate: number; payments: Payments;
  test: boolean; presentment: Presentment; events: RefundEvent[];
}
export interface Refunds {
  refunds: Json[]; transactions: Json[]; remaining: number[];
  totalRefundedCents: number; lineSubtotalCents: number; lineTaxCents: number;
}

export function buildRefunds(rng: Rng, r: RefundInput): Refunds {
  const remaining = r.current.slice();
  const out: Refunds = { refunds: [], transactions: [], remaining, totalRefundedCents: 0, lineSubtotalCents: 0, lineTaxCents: 0 };
  const mb = (c: number) => moneyBag(c, r.presentment);
  const events = r.events.slice().sort((x, y) => x.at - y.at);
  let txSlot = 8;
  for (const [k, e] of events.entries()) {
    if (k >= 8) break;
    const unpaid = r.payments.sales.reduce((s, p) => s + p.refundable, 0);
    if (unpaid <= 0) break;
    const picks: Array<{ line: number; qty: number }> = [];
    if (e.full) remaining.forEach((q, line) => q > 0 && picks.push({ line, qty: q }));
    else {
      const open = remaining.map((q, line) => (q > 0 ? line : -1)).filter((l) => l >= 0);
      if (open.length > 0) picks.push({ line: open[Math.floor(rng() * open.length)]!, qty: 1 });
    }
    if (!e.full && picks.length === 0) continue;
    const refundId = ID_BASE.Refund + r.idx * 8 + k;
    const refundLines: Json[] = [];
    let sub = 0;
    let taxSum = 0;
    for (const [j, p] of picks.entries()) {
      const l = r.lines[p.line]!;
      const unitNet = Math.round((l.unitCents * l.quantity - l.discountCents) / l.quantity);
      const lineSub = unitNet * p.qty;
      const lineTax = Math.round(lineSub * r.taxRate);
      remaining[p.line]! -= p.qty;
      sub += lineSub;
      taxSum += lineTax;
      refundLines.push({
        __typename: 'RefundLineItem', id: gid('RefundLineItem', ID_BASE.RefundLineItem + r.idx * 64 + k * 8 + j),
        lineItem: { __typename: 'LineItem', id: gid('LineItem', r.lineIds[p.line]!) }, quantity: p.qty,
        restockType: e.restockType, restocked: e.restockType !== 'NO_RESTOCK', priceSet: mb(unitNet), subtotalSet: mb(lineSub), totalTaxSet: mb(lineTax),
      });
    }
    // A full refund also returns shipping: it refunds everything still paid.
    const amount = e.full ? unpaid : Math.min(unpaid, sub + taxSum);
    const refundTx: Json[] = [];
    let left = amount;
    for (const p of [...r.payments.sales].reverse()) {
      if (left <= 0) break;
      const part = Math.min(left, p.refundable);
      if (part <= 0) continue;
      p.refundable -= part;
      left -= part;
      refundTx.push(tx(r.idx, txSlot++, 'REFUND', 'SUCCESS', p.gateway, part, e.at, r.presentment, r.test, p.id));
    }
    out.transactions.push(...refundTx);
    out.totalRefundedCents += amount;
    out.lineSubtotalCents += sub;
    out.lineTaxCents += taxSum;
    out.refunds.push({
      __typename: 'Refund', id: gid('Refund', refundId), legacyResourceId: String(refundId), createdAt: isoSeconds(e.at), updatedAt: isoSeconds(e.at),
      note: e.restockType === 'CANCEL' ? 'Order cancelled' : e.full ? 'Full refund' : 'Returned item',
      totalRefundedSet: mb(amount), refundLineItems: refundLines, transactions: refundTx,
    });
  }
  return out;
}
