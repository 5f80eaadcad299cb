// Materialises one order as the Admin GraphQL `Order` node (all fields; the executor keeps only what the
// query selected). Everything is derived from the order's compact record and its own seeded stream, so the
// same order renders identically on every request and in bulk files.
import { isoSeconds } from './clock.js';
import { OrderFlag } from './generate.js';
import { ID_BASE, gid } from './ids.js';
import { FOREIGN, SHOP_PRESENTMENT, moneyBag, type Presentment } from './money.js';
import { buildLines } from './order-lines.js';
import { buildPayments, buildRefunds, type RefundEvent } from './order-money.js';
import { journeySummary } from './journey.js';
import { SHOP_CURRENCY } from './params.js';
import { mulberry32, subSeed } from './random.js';
import type { StoreView } from './store-view.js';

const TAX_RATES = [0, 0.05, 0.0725, 0.08, 0.13, 0.2];
const CANCEL_REASONS = ['CUSTOMER', 'INVENTORY', 'FRAUD', 'DECLINED', 'OTHER'];

export type Json = Record<string, unknown>;

export function orderNode(store: StoreView, idx: number): Json {
  const o = store.data.orders;
  const flags = o.flags.data[idx]!;
  const created = o.createdAt.data[idx]!;
  const subtotal = o.subtotalCents.data[idx]!;
  const rng = mulberry32(subSeed(store.seed, idx, 3));
  const edited = (flags & OrderFlag.Edited) !== 0;
  const built = buildLines(rng, store.catalog, created, subtotal, (flags & OrderFlag.Discount) !== 0, edited ? 2 : 1);
  const presentment: Presentment = flags & OrderFlag.Foreign ? FOREIGN[Math.floor(rng() * FOREIGN.length)]! : SHOP_PRESENTMENT;
  const taxRate = TAX_RATES[Math.floor(rng() * TAX_RATES.length)]!;
  const pos = (flags & OrderFlag.Pos) !== 0;
  const shipping = pos || subtotal >= 7500 ? 0 : 599;
  const tax = Math.round(subtotal * taxRate);
  const total = subtotal + tax + shipping;
  const test = (flags & OrderFlag.Test) !== 0;
  const mb = (c: number) => moneyBag(c, presentment);

  // An edit removes one unit of the first line (payment is then captured for the edited amount).
  const current = built.lines.map((l) => l.quantity);
  let editedSubtotal = subtotal;
  if (edited && (current[0]! > 1 || current.length > 1)) {
    const l = built.lines[0]!;
    current[0]! -= 1;
    editedSubtotal -= Math.round((l.unitCents * l.quantity - l.discountCents) / l.quantity);
  }
  const editedTax = Math.round(editedSubtotal * taxRate);
  const editedTotal = editedSubtotal + editedTax + shipping;
  const lineIds = built.lines.map((_, k) => ID_BASE.LineItem + idx * 8 + k);

  const payments = buildPayments(rng, { idx, flags, created, editedAt: o.editedAt.data[idx]!, total, capture: edited ? editedTotal : total, test, presentment });
  const events: RefundEvent[] = [];
  const cancelledAt = o.cancelledAt.data[idx]!;
  if (cancelledAt === cancelledAt) events.push({ at: cancelledAt, full: true, restockType: 'CANCEL' });
  const refundAt = o.refundAt.data[idx]!;
  if (refundAt === refundAt) events.push({ at: refundAt, full: (flags & OrderFlag.FullRefund) !== 0, restockType: rng() < 0.7 ? 'RETURN' : 'NO_RESTOCK' });
  for (const extra of store.extraRefunds.get(idx) ?? []) events.push(extra);
  const refunds = buildRefunds(rng, { idx, lines: built.lines, lineIds, current, taxRate, payments, test, presentment, events });

  const refunded = refunds.totalRefundedCents;
  const paid = payments.capturedCents;
  const customerIdx = o.customer.data[idx]!;
  const customerLive = customerIdx >= 0 && store.data.customers.deletedAt.data[customerIdx]! !== store.data.customers.deletedAt.data[customerIdx]!;
  const closedAt = cancelledAt === cancelledAt ? cancelledAt : o.closedAt.data[idx]!;
  const overlay = store.orderOverlay.get(idx);
  const source = pos ? 'pos' : flags & OrderFlag.Draft ? 'shopify_draft_order' : 'web';
  const lineItems = built.lines.map((l, k) => ({
    __typename: 'LineItem', id: gid('LineItem', lineIds[k]!), name: `${store.catalog.products[l.variant.productIndex]!.title} - ${l.variant.title}`,
    title: store.catalog.products[l.variant.productIndex]!.title, variantTitle: l.variant.title, sku: l.variant.sku,
    vendor: store.catalog.products[l.variant.productIndex]!.vendor, quantity: l.quantity, currentQuantity: refunds.remaining[k]!,
    refundableQuantity: refunds.remaining[k]!, isGiftCard: false, requiresShipping: !pos, taxable: taxRate > 0,
    originalUnitPriceSet: mb(l.unitCents), discountedUnitPriceSet: mb(Math.round((l.unitCents * l.quantity - l.discountCents) / l.quantity)),
    originalTotalSet: mb(l.unitCents * l.quantity), discountedTotalSet: mb(l.unitCents * l.quantity - l.discountCents),
    totalDiscountSet: mb(l.discountCents),
    discountAllocations: l.discountCents > 0 ? [{ __typename: 'DiscountAllocation', allocatedAmountSet: mb(l.discountCents), discountApplication: discountApp(built.discountPct, idx, presentment) }] : [],
    product: () => store.productNode(l.variant.productIndex),
    variant: () => store.variantNode(l.variant.index),
  }));
  const currentSubtotal = Math.max(0, editedSubtotal - refunds.lineSubtotalCents);
  const currentTax = Math.max(0, editedTax - refunds.lineTaxCents);
  const legacy = ID_BASE.Order + idx;
  const code = built.discountPct > 0 ? discountCode(built.discountPct, idx) : null;
  return {
    __typename: 'Order', id: gid('Order', legacy), legacyResourceId: String(legacy), name: `#${1001 + idx}`,
    createdAt: isoSeconds(created), processedAt: isoSeconds(created), updatedAt: isoSeconds(o.updatedAt.data[idx]!),
    cancelledAt: cancelledAt === cancelledAt ? isoSeconds(cancelledAt) : null,
    cancelReason: cancelledAt === cancelledAt ? CANCEL_REASONS[idx % CANCEL_REASONS.length] : null,
    closedAt: closedAt === closedAt ? isoSeconds(closedAt) : null, closed: closedAt === closedAt, confirmed: true,
    edited, test, email: customerIdx >= 0 ? store.customerEmail(customerIdx) : pos ? null : `guest${idx}@example.net`,
    phone: null, customer: customerLive ? () => store.customerNode(customerIdx) : null,
    currencyCode: SHOP_CURRENCY, presentmentCurrencyCode: presentment.code, sourceName: source,
    tags: overlay?.tags ?? (test ? ['test'] : pos ? ['pos'] : []), note: overlay?.note ?? null,
    displayFinancialStatus: refunded >= paid && paid > 0 ? 'REFUNDED' : refunded > 0 ? 'PARTIALLY_REFUNDED' : 'PAID',
    displayFulfillmentStatus: closedAt === closedAt && cancelledAt !== cancelledAt ? 'FULFILLED' : 'UNFULFILLED',
    discountCodes: code ? [code] : [], discountCode: code,
    subtotalLineItemsQuantity: built.lines.reduce((s, l) => s + l.quantity, 0),
    currentSubtotalLineItemsQuantity: refunds.remaining.reduce((s, q) => s + q, 0),
    subtotalPriceSet: mb(subtotal), totalPriceSet: mb(total), totalDiscountsSet: mb(built.discountCents),
    totalTaxSet: mb(tax), totalShippingPriceSet: mb(shipping), totalRefundedSet: mb(refunded),
    currentSubtotalPriceSet: mb(currentSubtotal), currentTotalTaxSet: mb(currentTax),
    currentTotalDiscountsSet: mb(built.discountCents), currentTotalPriceSet: mb(Math.max(0, editedTotal - refunded)),
    totalReceivedSet: mb(paid), netPaymentSet: mb(paid - refunded), __netCents: paid - refunded,
    lineItems, transactions: [...payments.transactions, ...refunds.transactions], refunds: refunds.refunds,
    discountApplications: built.discountPct > 0 ? [discountApp(built.discountPct, idx, presentment)] : [],
    customerJourneySummary: source === 'web' ? journeySummary(store, idx, customerIdx, created) : null,
  };
}

function discountCode(pct: number, idx: number): string {
  return ['WELCOME10', 'SPRING15', 'VIP20'][[0.1, 0.15, 0.2].indexOf(pct)] ?? `SAVE${idx % 7}`;
}

function discountApp(pct: number, idx: number, _p: Presentment): Json {
  return {
    __typename: 'DiscountCodeApplication', code: discountCode(pct, idx), index: 0, allocationMethod: 'ACROSS',
    targetSelection: 'ALL', targetType: 'LINE_ITEM',
    value: { __typename: 'PricingPercentageValue', percentage: pct * 100 },
  };
}
