// Renders the simulator's GraphQL nodes in the REST shape Shopify webhooks carry: snake_case keys, numeric
// ids next to `admin_graphql_api_id`, money as decimal strings, timestamps in the shop's UTC offset.
import type { SimulatedStore } from '../store.js';
import { ID_BASE, parseGid } from '../ids.js';

type Json = Record<string, any>;

/** The simulated shop sits at UTC-04:00, so REST timestamps are not plain UTC (as for real shops). */
const OFFSET_MIN = -240;
export function restTime(iso: unknown): string | null {
  if (typeof iso !== 'string') return null;
  const d = new Date(Date.parse(iso) + OFFSET_MIN * 60_000);
  return d.toISOString().replace(/\.\d{3}Z$/, '-04:00');
}
const resolve = (v: unknown): any => (typeof v === 'function' ? (v as () => unknown)() : v);
const num = (gid: unknown): number | null => (typeof gid === 'string' ? (parseGid(gid)?.legacy ?? null) : null);
const fixed2 = (amount: unknown): string | null => (typeof amount === 'string' ? (amount.includes('.') ? `${amount}00`.replace(/(\.\d\d)\d*$/, '$1') : `${amount}.00`) : null);
const lower = (v: unknown): string | null => (typeof v === 'string' ? v.toLowerCase() : null);
function set(bag: Json | null | undefined): Json | null {
  if (!bag) return null;
  const m = (x: Json) => ({ amount: fixed2(x['amount']), currency_code: x['currencyCode'] });
  return { shop_money: m(bag['shopMoney']), presentment_money: m(bag['presentmentMoney']) };
}

function transactionRest(t: Json, orderId: number): Json {
  return {
    id: num(t['id']), admin_graphql_api_id: t['id'], order_id: orderId, kind: lower(t['kind']), status: lower(t['status']), gateway: t['gateway'],
    amount: fixed2(t['amountSet']?.shopMoney?.amount), currency: t['amountSet']?.shopMoney?.currencyCode,
    amount_set: set(t['amountSet']), processed_at: restTime(t['processedAt']), created_at: restTime(t['createdAt'] ?? t['processedAt']),
    parent_id: num(t['parentTransaction']?.id), test: t['test'], error_code: t['errorCode'] ?? null,
  };
}

export function refundRest(r: Json, orderId: number): Json {
  return {
    id: num(r['id']), admin_graphql_api_id: r['id'], order_id: orderId, created_at: restTime(r['createdAt']), processed_at: restTime(r['createdAt']),
    note: r['note'] ?? null, restock: true, user_id: null,
    refund_line_items: (r['refundLineItems'] ?? []).map((l: Json) => ({
      id: num(l['id']), line_item_id: num(l['lineItem']?.id), quantity: l['quantity'], restock_type: lower(l['restockType']),
      subtotal: fixed2(l['subtotalSet']?.shopMoney?.amount), subtotal_set: set(l['subtotalSet']),
      total_tax: fixed2(l['totalTaxSet']?.shopMoney?.amount), total_tax_set: set(l['totalTaxSet']),
    })),
    transactions: (r['transactions'] ?? []).map((t: Json) => transactionRest(t, orderId)),
    order_adjustments: [],
  };
}

/** `totals`: orders_count / total_spent (costly: every order of the customer); order payloads embed the customer without them. */
export function customerRest(c: Json, totals = true): Json {
  const a = c['defaultAddress'];
  return {
    id: num(c['id']), admin_graphql_api_id: c['id'], email: c['email'], first_name: c['firstName'], last_name: c['lastName'], phone: c['phone'],
    state: lower(c['state']), verified_email: c['verifiedEmail'], tax_exempt: c['taxExempt'], tags: (c['tags'] ?? []).join(', '), note: c['note'],
    created_at: restTime(c['createdAt']), updated_at: restTime(c['updatedAt']), ...(totals ? { orders_count: Number(resolve(c['numberOfOrders'])), total_spent: fixed2(resolve(c['amountSpent'])?.amount), currency: resolve(c['amountSpent'])?.currencyCode } : {}),
    email_marketing_consent: { state: lower(c['defaultEmailAddress']?.marketingState), opt_in_level: 'single_opt_in' },
    default_address: a ? {
      id: num(a['id']), customer_id: num(c['id']), first_name: a['firstName'], last_name: a['lastName'], address1: a['address1'], address2: a['address2'],
      city: a['city'], province: a['province'], province_code: a['provinceCode'], country: a['country'], country_code: a['countryCodeV2'], zip: a['zip'], phone: a['phone'], default: true,
    } : null,
  };
}

export function orderRest(store: SimulatedStore, idx: number): Json {
  const o = store.orderNode(idx) as Json;
  const id = ID_BASE.Order + idx;
  const customer = resolve(o['customer']);
  const discount = (o['discountApplications'] ?? []) as Json[];
  return {
    id, admin_graphql_api_id: o['id'], name: o['name'], order_number: 1000 + idx + 1, email: o['email'], contact_email: o['email'], phone: o['phone'],
    created_at: restTime(o['createdAt']), processed_at: restTime(o['processedAt']), updated_at: restTime(o['updatedAt']),
    cancelled_at: restTime(o['cancelledAt']), cancel_reason: lower(o['cancelReason']), closed_at: restTime(o['closedAt']),
    test: o['test'], currency: o['currencyCode'], presentment_currency: o['presentmentCurrencyCode'], source_name: o['sourceName'],
    tags: (o['tags'] ?? []).join(', '), note: o['note'], confirmed: true,
    financial_status: lower(o['displayFinancialStatus']), fulfillment_status: o['displayFulfillmentStatus'] === 'FULFILLED' ? 'fulfilled' : null,
    discount_codes: (o['discountCodes'] ?? []).map((code: string) => ({ code, amount: fixed2(o['totalDiscountsSet']?.shopMoney?.amount), type: 'percentage' })),
    subtotal_price: fixed2(o['subtotalPriceSet']?.shopMoney?.amount), subtotal_price_set: set(o['subtotalPriceSet']),
    total_price: fixed2(o['totalPriceSet']?.shopMoney?.amount), total_price_set: set(o['totalPriceSet']),
    current_total_price: fixed2(o['currentTotalPriceSet']?.shopMoney?.amount), current_total_price_set: set(o['currentTotalPriceSet']),
    total_discounts: fixed2(o['totalDiscountsSet']?.shopMoney?.amount), total_discounts_set: set(o['totalDiscountsSet']),
    total_tax: fixed2(o['totalTaxSet']?.shopMoney?.amount), total_tax_set: set(o['totalTaxSet']),
    total_shipping_price_set: set(o['totalShippingPriceSet']),
    customer: customer ? customerRest(customer, false) : null,
    line_items: (o['lineItems'] ?? []).map((l: Json) => ({
      id: num(l['id']), admin_graphql_api_id: l['id'], name: l['name'], title: l['title'], variant_title: l['variantTitle'], sku: l['sku'], vendor: l['vendor'],
      quantity: l['quantity'], current_quantity: l['currentQuantity'], fulfillable_quantity: l['currentQuantity'], gift_card: l['isGiftCard'],
      price: fixed2(l['originalUnitPriceSet']?.shopMoney?.amount), price_set: set(l['originalUnitPriceSet']),
      total_discount: fixed2(l['totalDiscountSet']?.shopMoney?.amount), total_discount_set: set(l['totalDiscountSet']),
      product_id: num(resolve(l['product'])?.id), variant_id: num(resolve(l['variant'])?.id), taxable: l['taxable'], requires_shipping: l['requiresShipping'],
    })),
    refunds: (o['refunds'] ?? []).map((r: Json) => refundRest(r, id)),
    discount_applications: discount.map((d) => ({
      type: 'discount_code', code: d['code'], value: String(d['value']?.percentage ?? d['value']?.amount), value_type: d['value']?.percentage !== undefined ? 'percentage' : 'fixed_amount',
      allocation_method: lower(d['allocationMethod']), target_selection: lower(d['targetSelection']), target_type: lower(d['targetType']),
    })),
  };
}

export function productRest(store: SimulatedStore, p: number): Json {
  const n = store.productNode(p) as Json;
  const variants = resolve(n['variants']) as Json[];
  return {
    id: num(n['id']), admin_graphql_api_id: n['id'], title: n['title'], handle: n['handle'], product_type: n['productType'], vendor: n['vendor'],
    status: lower(n['status']), tags: (n['tags'] ?? []).join(', '), body_html: n['descriptionHtml'],
    created_at: restTime(n['createdAt']), updated_at: restTime(n['updatedAt']), published_at: restTime(n['publishedAt']),
    variants: variants.map((v) => ({
      id: num(v['id']), admin_graphql_api_id: v['id'], product_id: num(n['id']), title: v['title'], sku: v['sku'], price: v['price'],
      compare_at_price: v['compareAtPrice'], position: v['position'], inventory_item_id: num(v['inventoryItem']?.id), inventory_quantity: v['inventoryQuantity'],
      created_at: restTime(v['createdAt']), updated_at: restTime(v['updatedAt']),
    })),
  };
}
