// customers/* and products/* REST payloads → Customer / Product nodes (fields of ingest/queries.ts).
import type { Json } from './json.js';
import { amountText, gidOf, idText, legacyOf, tagList, upper, utc } from './rest-common.js';

export function customerNode(c: Json): Json {
  const id = gidOf(c, 'Customer');
  const address = c['default_address'] as Json | null | undefined;
  const email = (c['email'] as string | null | undefined) || null;
  const phone = (c['phone'] as string | null | undefined) || null;
  const orders = idText(c['orders_count']);
  return {
    __typename: 'Customer',
    id,
    legacyResourceId: legacyOf(id) ?? null,
    createdAt: utc(c['created_at']),
    updatedAt: utc(c['updated_at']),
    state: upper(c['state']),
    ...(orders !== undefined ? { numberOfOrders: orders } : {}),
    ...('total_spent' in c ? { amountSpent: { amount: amountText(c['total_spent']), currencyCode: c['currency'] ?? null } } : {}),
    tags: tagList(c['tags']),
    verifiedEmail: Boolean(c['verified_email']),
    firstName: c['first_name'] ?? null,
    lastName: c['last_name'] ?? null,
    defaultEmailAddress: email ? { emailAddress: email } : null,
    defaultPhoneNumber: phone ? { phoneNumber: phone } : null,
    defaultAddress: address
      ? { city: address['city'] ?? null, provinceCode: address['province_code'] ?? null, countryCodeV2: address['country_code'] ?? null, zip: address['zip'] ?? null }
      : null,
  };
}

const money2 = (v: unknown): string | null => amountText(v);

export function productNode(p: Json): { node: Json; complete: string[] } {
  const id = gidOf(p, 'Product');
  const variants = Array.isArray(p['variants']) ? (p['variants'] as Json[]) : [];
  const node: Json = {
    __typename: 'Product',
    id,
    legacyResourceId: legacyOf(id) ?? null,
    title: p['title'] ?? null,
    handle: p['handle'] ?? null,
    productType: p['product_type'] ?? null,
    vendor: p['vendor'] ?? null,
    status: upper(p['status']),
    tags: tagList(p['tags']),
    createdAt: utc(p['created_at']),
    updatedAt: utc(p['updated_at']),
    variants: {
      nodes: variants.map((v) => {
        const vid = gidOf(v, 'ProductVariant');
        return {
          __typename: 'ProductVariant',
          id: vid,
          legacyResourceId: legacyOf(vid) ?? null,
          sku: v['sku'] || null,
          price: money2(v['price']),
          compareAtPrice: money2(v['compare_at_price']),
          title: v['title'] ?? null,
          createdAt: utc(v['created_at']),
          updatedAt: utc(v['updated_at']),
        };
      }),
    },
  };
  return { node, complete: 'variants' in p ? ['product_variants'] : [] };
}
