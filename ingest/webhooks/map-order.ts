// orders/* and refunds/create REST payloads → the GraphQL Order / Refund nodes `clv ingest` lands, with the
// same gids, so both sources upsert the same raw rows. Fields REST lacks (customerJourneySummary, payment
// transactions) are simply absent: the landing merges into the stored node instead of erasing them.
import type { Json } from './json.js';
import { amountText, gidOf, legacyOf, moneyBag, sumDecimals, tagList, upper, utc } from './rest-common.js';

const list = (v: unknown): Json[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Json[]) : []);
const ref = (type: string, id: unknown): Json | null => {
  const gid = gidOf({ id }, type);
  return gid ? { id: gid } : null;
};

export function transactionNode(t: Json): Json {
  return {
    __typename: 'OrderTransaction',
    id: gidOf(t, 'OrderTransaction'),
    kind: upper(t['kind']),
    status: upper(t['status']),
    gateway: t['gateway'] ?? null,
    amountSet: moneyBag(t['amount_set'], t['amount'], t['currency']),
    processedAt: utc(t['processed_at'] ?? t['created_at']),
    parentTransaction: ref('OrderTransaction', t['parent_id']),
    test: Boolean(t['test']),
  };
}

function successfulRefundAmounts(transactions: Json[], side: 'shopMoney' | 'presentmentMoney'): string[] {
  return transactions
    .filter((t) => String(t['kind']).toLowerCase() === 'refund' && String(t['status']).toLowerCase() === 'success')
    .map((t) => ((moneyBag(t['amount_set'], t['amount'], t['currency'])?.[side] as Json | null)?.['amount'] as string | null) ?? null)
    .filter((a): a is string => a !== null);
}

/** Refund total from its transactions (REST refunds carry no total of their own). */
function refundedBag(transactions: Json[], currency: unknown, presentment: unknown): Json {
  return {
    shopMoney: { amount: sumDecimals(successfulRefundAmounts(transactions, 'shopMoney')), currencyCode: currency ?? null },
    presentmentMoney: { amount: sumDecimals(successfulRefundAmounts(transactions, 'presentmentMoney')), currencyCode: presentment ?? currency ?? null },
  };
}

export function refundNode(r: Json, currency?: unknown, presentment?: unknown): Json {
  const txs = list(r['transactions']);
  const created = utc(r['created_at'] ?? r['processed_at']);
  const id = gidOf(r, 'Refund');
  return {
    __typename: 'Refund',
    id,
    legacyResourceId: legacyOf(id) ?? null,
    createdAt: created,
    updatedAt: utc(r['updated_at']) ?? created,
    note: r['note'] ?? null,
    totalRefundedSet: refundedBag(txs, currency ?? txs[0]?.['currency'], presentment),
    refundLineItems: {
      nodes: list(r['refund_line_items']).map((l) => ({
        __typename: 'RefundLineItem',
        lineItem: ref('LineItem', l['line_item_id'] ?? (l['line_item'] as Json | undefined)?.['id']),
        quantity: l['quantity'] ?? null,
        subtotalSet: moneyBag(l['subtotal_set'], l['subtotal']),
        totalTaxSet: moneyBag(l['total_tax_set'], l['total_tax']),
        restockType: upper(l['restock_type']),
      })),
    },
  };
}

const DISCOUNT_TYPES: Record<string, string> = {
  discount_code: 'DiscountCodeApplication',
  automatic: 'AutomaticDiscountApplication',
  manual: 'ManualDiscountApplication',
  script: 'ScriptDiscountApplication',
};

function discountNode(d: Json, index: number, currency: unknown): Json {
  const percentage = d['value_type'] === 'percentage';
  const node: Json = {
    __typename: DISCOUNT_TYPES[String(d['type'])] ?? 'ManualDiscountApplication',
    index,
    allocationMethod: upper(d['allocation_method']),
    targetSelection: upper(d['target_selection']),
    targetType: upper(d['target_type']),
    value: percentage
      ? { __typename: 'PricingPercentageValue', percentage: Number(d['value']) }
      : { __typename: 'MoneyV2', amount: amountText(d['value']), currencyCode: currency ?? null },
  };
  if (d['type'] === 'discount_code') node['code'] = d['code'] ?? null;
  else node['title'] = d['title'] ?? null;
  return node;
}

const FULFILLMENT: Record<string, string> = { fulfilled: 'FULFILLED', partial: 'PARTIALLY_FULFILLED', restocked: 'RESTOCKED' };

/** The Order node plus which child tables the payload lists completely. */
export function orderNode(o: Json): { node: Json; complete: string[] } {
  const id = gidOf(o, 'Order');
  const currency = o['currency'];
  const presentment = o['presentment_currency'] ?? currency;
  const refunds = list(o['refunds']);
  const refundTxs = refunds.flatMap((r) => list(r['transactions']));
  // A full transaction list only when the payload has one (REST order webhooks usually do not).
  const txs = [...list(o['transactions']), ...refundTxs];
  const customer = o['customer'] as Json | null | undefined;
  const node: Json = {
    __typename: 'Order',
    id,
    legacyResourceId: legacyOf(id) ?? null,
    name: o['name'] ?? null,
    createdAt: utc(o['created_at']),
    processedAt: utc(o['processed_at'] ?? o['created_at']),
    updatedAt: utc(o['updated_at']),
    cancelledAt: utc(o['cancelled_at']),
    cancelReason: upper(o['cancel_reason']),
    closedAt: utc(o['closed_at']),
    test: Boolean(o['test']),
    customer: customer ? { id: gidOf(customer, 'Customer') } : null,
    email: o['email'] || o['contact_email'] || null,
    currencyCode: currency ?? null,
    presentmentCurrencyCode: presentment ?? null,
    sourceName: o['source_name'] ?? null,
    tags: tagList(o['tags']),
    displayFinancialStatus: upper(o['financial_status']),
    displayFulfillmentStatus: FULFILLMENT[String(o['fulfillment_status'])] ?? 'UNFULFILLED',
    discountCodes: list(o['discount_codes']).map((d) => String(d['code'])),
    subtotalPriceSet: moneyBag(o['subtotal_price_set'], o['subtotal_price'], currency),
    totalPriceSet: moneyBag(o['total_price_set'], o['total_price'], currency),
    currentTotalPriceSet: moneyBag(o['current_total_price_set'], o['current_total_price'], currency),
    totalDiscountsSet: moneyBag(o['total_discounts_set'], o['total_discounts'], currency),
    totalTaxSet: moneyBag(o['total_tax_set'], o['total_tax'], currency),
    totalShippingPriceSet: moneyBag(o['total_shipping_price_set'], undefined, currency),
    totalRefundedSet: refundedBag(refundTxs, currency, presentment),
    lineItems: {
      nodes: list(o['line_items']).map((l) => ({
        __typename: 'LineItem',
        id: gidOf(l, 'LineItem'),
        quantity: l['quantity'] ?? null,
        currentQuantity: l['current_quantity'] ?? l['fulfillable_quantity'] ?? null,
        sku: l['sku'] || null,
        name: l['name'] ?? null,
        originalUnitPriceSet: moneyBag(l['price_set'], l['price'], currency),
        totalDiscountSet: moneyBag(l['total_discount_set'], l['total_discount'], currency),
        product: ref('Product', l['product_id']),
        variant: ref('ProductVariant', l['variant_id']),
        isGiftCard: Boolean(l['gift_card']),
      })),
    },
    transactions: txs.map(transactionNode),
    refunds: refunds.map((r) => refundNode(r, currency, presentment)),
    discountApplications: { nodes: list(o['discount_applications']).map((d, i) => discountNode(d, i, currency)) },
  };
  const complete: string[] = [];
  if ('line_items' in o) complete.push('order_lines');
  if ('refunds' in o) complete.push('refunds', 'refund_lines');
  if ('discount_applications' in o) complete.push('discount_applications');
  if ('transactions' in o) complete.push('transactions');
  return { node, complete };
}
