// GraphQL text for each stream, built from field lists (reference section 6 + the raw contract's extras).
// Plain selections without fragments: the same text serves paginated queries and bulk operations.

const MONEY = 'amount currencyCode';
const MONEY_BAG = `{ shopMoney { ${MONEY} } presentmentMoney { ${MONEY} } }`;
const VISIT = `{ id landingPage referrerUrl source sourceType occurredAt utmParameters { source medium campaign content term } }`;

export const CUSTOMER_FIELDS = `__typename id legacyResourceId createdAt updatedAt state numberOfOrders
  amountSpent { ${MONEY} } tags verifiedEmail firstName lastName
  defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber }
  defaultAddress { city provinceCode countryCodeV2 zip }`;

export const ORDER_FIELDS = `__typename id legacyResourceId name createdAt processedAt updatedAt cancelledAt cancelReason
  closedAt test customer { id } email currencyCode presentmentCurrencyCode sourceName tags
  displayFinancialStatus displayFulfillmentStatus discountCodes
  subtotalPriceSet ${MONEY_BAG} totalPriceSet ${MONEY_BAG} currentTotalPriceSet ${MONEY_BAG}
  totalDiscountsSet ${MONEY_BAG} totalTaxSet ${MONEY_BAG} totalShippingPriceSet ${MONEY_BAG} totalRefundedSet ${MONEY_BAG}
  customerJourneySummary { customerOrderIndex daysToConversion firstVisit ${VISIT} lastVisit ${VISIT} }`;

export const LINE_ITEM_FIELDS = `__typename id quantity currentQuantity sku name originalUnitPriceSet ${MONEY_BAG}
  totalDiscountSet ${MONEY_BAG} product { id } variant { id } isGiftCard`;

export const TRANSACTION_FIELDS = `__typename id kind status gateway amountSet ${MONEY_BAG} processedAt parentTransaction { id } test`;

export const REFUND_FIELDS = `__typename id legacyResourceId createdAt updatedAt note totalRefundedSet ${MONEY_BAG}`;

export const REFUND_LINE_FIELDS = `__typename lineItem { id } quantity subtotalSet ${MONEY_BAG} totalTaxSet ${MONEY_BAG} restockType`;

// The concrete types name the discount: a code, or the title of an automatic, manual or script discount
// (staging reports either as the discount code; without the title those discounts had no name at all).
export const DISCOUNT_FIELDS = `__typename index allocationMethod targetSelection targetType
  value { __typename ... on MoneyV2 { ${MONEY} } ... on PricingPercentageValue { percentage } }
  ... on DiscountCodeApplication { code } ... on AutomaticDiscountApplication { title }
  ... on ManualDiscountApplication { title } ... on ScriptDiscountApplication { title }`;

export const PRODUCT_FIELDS = `__typename id legacyResourceId title handle productType vendor status tags createdAt updatedAt`;

export const VARIANT_FIELDS = `__typename id legacyResourceId sku price compareAtPrice title createdAt updatedAt
  inventoryItem { unitCost { ${MONEY} } }`;

const PAGE = 'pageInfo { hasNextPage endCursor }';

/** How many children a paginated page asks for per parent; parents with more get follow-up queries. */
export interface ChildSizes {
  lineItems: number;
  transactions: number;
  refunds: number;
  refundLines: number;
  discounts: number;
  variants: number;
}

// Each child asked for multiplies a page's *requested* cost (the bucket must hold it up front), so pages ask
// for a typical order's worth and follow up on the rare larger ones.
export const DEFAULT_CHILD_SIZES: ChildSizes = { lineItems: 5, transactions: 5, refunds: 2, refundLines: 8, discounts: 2, variants: 10 };

export function orderChildren(sizes: ChildSizes): string {
  return `lineItems(first: ${sizes.lineItems}) { ${PAGE} nodes { ${LINE_ITEM_FIELDS} } }
    transactions(first: ${sizes.transactions}) { ${TRANSACTION_FIELDS} }
    refunds(first: ${sizes.refunds}) { ${REFUND_FIELDS} refundLineItems(first: ${sizes.refundLines}) { ${PAGE} nodes { ${REFUND_LINE_FIELDS} } } }
    discountApplications(first: ${sizes.discounts}) { ${PAGE} nodes { ${DISCOUNT_FIELDS} } }`;
}

export type StreamName = 'customers' | 'orders' | 'products';
export const STREAMS: readonly StreamName[] = ['customers', 'orders', 'products'];

function rootSelection(stream: StreamName, sizes: ChildSizes): string {
  if (stream === 'customers') return CUSTOMER_FIELDS;
  if (stream === 'orders') return `${ORDER_FIELDS} ${orderChildren(sizes)}`;
  return `${PRODUCT_FIELDS} variants(first: ${sizes.variants}) { ${PAGE} nodes { ${VARIANT_FIELDS} } }`;
}

/** One page of a stream, oldest `updatedAt` first so a checkpoint is a position in time. */
export function pageQuery(stream: StreamName, sizes: ChildSizes = DEFAULT_CHILD_SIZES): string {
  return `query ClvPage($first: Int!, $after: String, $query: String) {
  ${stream}(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
    ${PAGE}
    nodes { ${rootSelection(stream, sizes)} }
  }
}`;
}

/** Id-only scan for deletion reconciliation: cheapest possible page. */
export function idsQuery(stream: StreamName): string {
  return `query ClvIds($first: Int!, $after: String) { ${stream}(first: $first, after: $after) { ${PAGE} nodes { id } } }`;
}

/**
 * Bulk operations take no `first`/`after` and nest connections as `edges { node }` (at most 2 levels, none
 * inside a list: so refunds come without refund lines, fetched afterwards by sync/refund-lines.ts).
 */
export function bulkQuery(stream: StreamName, filter: string | undefined): string {
  const args = `${filter ? `query: ${JSON.stringify(filter)}, ` : ''}sortKey: UPDATED_AT`;
  const edges = (fields: string) => `edges { node { ${fields} } }`;
  if (stream === 'customers') return `{ customers(${args}) { ${edges(CUSTOMER_FIELDS)} } }`;
  if (stream === 'products') return `{ products(${args}) { ${edges(`${PRODUCT_FIELDS} variants { ${edges(VARIANT_FIELDS)} }`)} } }`;
  return `{ orders(${args}) { ${edges(`${ORDER_FIELDS}
    lineItems { ${edges(LINE_ITEM_FIELDS)} }
    transactions { ${TRANSACTION_FIELDS} }
    refunds { ${REFUND_FIELDS} }
    discountApplications { ${edges(DISCOUNT_FIELDS)} }`)} } }`;
}

export const SCOPES_QUERY = `query ClvScopes { currentAppInstallation { accessScopes { handle } } }`;
