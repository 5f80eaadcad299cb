// The subset of the Shopify Admin GraphQL schema the simulator serves (names, types and nullability follow the
// real 2026-10 schema). Kept as a TS string so the compiled CLI needs no extra asset files.
import { buildSchema, type GraphQLSchema } from 'graphql';

export const SDL = `
scalar DateTime
scalar Decimal
scalar Money
scalar URL
scalar UnsignedInt64
scalar HTML

interface Node { id: ID! }

enum CurrencyCode { USD CAD EUR GBP AUD }
enum OrderSortKeys { CREATED_AT ID ORDER_NUMBER PROCESSED_AT UPDATED_AT }
enum CustomerSortKeys { CREATED_AT ID UPDATED_AT }
enum ProductSortKeys { CREATED_AT ID UPDATED_AT }
enum OrderCancelReason { CUSTOMER DECLINED FRAUD INVENTORY OTHER STAFF }
enum OrderDisplayFinancialStatus { AUTHORIZED EXPIRED PAID PARTIALLY_PAID PARTIALLY_REFUNDED PENDING REFUNDED VOIDED }
enum OrderDisplayFulfillmentStatus { FULFILLED IN_PROGRESS ON_HOLD OPEN PARTIALLY_FULFILLED PENDING_FULFILLMENT RESTOCKED SCHEDULED UNFULFILLED }
enum OrderTransactionKind { SALE CAPTURE AUTHORIZATION VOID REFUND CHANGE EMV_AUTHORIZATION SUGGESTED_REFUND }
enum OrderTransactionStatus { SUCCESS FAILURE PENDING ERROR AWAITING_RESPONSE UNKNOWN }
enum OrderTransactionErrorCode { CARD_DECLINED PROCESSING_ERROR INCORRECT_NUMBER EXPIRED_CARD GENERIC_ERROR }
enum RefundLineItemRestockType { RETURN CANCEL LEGACY_RESTOCK NO_RESTOCK }
enum CustomerState { DECLINED DISABLED ENABLED INVITED }
enum CustomerEmailAddressMarketingState { INVALID NOT_SUBSCRIBED PENDING SUBSCRIBED UNSUBSCRIBED REDACTED }
enum CustomerSmsMarketingState { NOT_SUBSCRIBED PENDING SUBSCRIBED UNSUBSCRIBED REDACTED }
enum ProductStatus { ACTIVE ARCHIVED DRAFT UNLISTED }
enum DiscountApplicationAllocationMethod { ACROSS EACH ONE }
enum DiscountApplicationTargetSelection { ALL ENTITLED EXPLICIT }
enum DiscountApplicationTargetType { LINE_ITEM SHIPPING_LINE }
enum CountryCode { US CA DE FR GB }
enum BulkOperationStatus { CANCELED CANCELING COMPLETED CREATED EXPIRED FAILED RUNNING }
enum BulkOperationErrorCode { ACCESS_DENIED INTERNAL_SERVER_ERROR TIMEOUT }
enum BulkOperationType { MUTATION QUERY }
enum BulkOperationUserErrorCode { INVALID OPERATION_IN_PROGRESS LIMIT_REACHED }

type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }

type QueryRoot {
  orders(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, sortKey: OrderSortKeys = ID, query: String): OrderConnection!
  order(id: ID!): Order
  customers(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, sortKey: CustomerSortKeys = ID, query: String): CustomerConnection!
  customer(id: ID!): Customer
  products(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, sortKey: ProductSortKeys = ID, query: String): ProductConnection!
  product(id: ID!): Product
  productVariant(id: ID!): ProductVariant
  shop: Shop!
  node(id: ID!): Node
  nodes(ids: [ID!]!): [Node]!
  currentAppInstallation: AppInstallation!
  bulkOperation(id: ID!): BulkOperation
  currentBulkOperation(type: BulkOperationType = QUERY): BulkOperation
  ordersCount(query: String, limit: Int = 10000): Count
  customersCount(query: String, limit: Int = 10000): Count
  productsCount(query: String, limit: Int = 10000): Count
}
enum CountPrecision { AT_LEAST EXACT }
type Count { count: Int! precision: CountPrecision! }

type Mutation {
  bulkOperationRunQuery(query: String!, groupObjects: Boolean = false): BulkOperationRunQueryPayload
  bulkOperationCancel(id: ID!): BulkOperationCancelPayload
}

schema { query: QueryRoot mutation: Mutation }

type Shop implements Node {
  id: ID! name: String! email: String! myshopifyDomain: String! currencyCode: CurrencyCode! ianaTimezone: String!
  timezoneAbbreviation: String! enabledPresentmentCurrencies: [CurrencyCode!]! plan: ShopPlan! primaryDomain: Domain! createdAt: DateTime!
}
type ShopPlan { displayName: String! partnerDevelopment: Boolean! shopifyPlus: Boolean! publicDisplayName: String! }
type Domain { id: ID! host: String! url: URL! }
type AppInstallation implements Node { id: ID! accessScopes: [AccessScope!]! }
type AccessScope { handle: String! description: String! }

type OrderConnection { edges: [OrderEdge!]! nodes: [Order!]! pageInfo: PageInfo! }
type OrderEdge { cursor: String! node: Order! }
type Order implements Node {
  id: ID! legacyResourceId: UnsignedInt64! name: String! createdAt: DateTime! processedAt: DateTime! updatedAt: DateTime!
  cancelledAt: DateTime cancelReason: OrderCancelReason closedAt: DateTime closed: Boolean! confirmed: Boolean! edited: Boolean!
  test: Boolean! email: String phone: String customer: Customer currencyCode: CurrencyCode! presentmentCurrencyCode: CurrencyCode!
  sourceName: String tags: [String!]! note: String displayFinancialStatus: OrderDisplayFinancialStatus
  displayFulfillmentStatus: OrderDisplayFulfillmentStatus! discountCodes: [String!]! discountCode: String
  subtotalLineItemsQuantity: Int! currentSubtotalLineItemsQuantity: Int!
  subtotalPriceSet: MoneyBag totalPriceSet: MoneyBag! totalDiscountsSet: MoneyBag totalTaxSet: MoneyBag totalShippingPriceSet: MoneyBag!
  totalRefundedSet: MoneyBag! currentSubtotalPriceSet: MoneyBag! currentTotalTaxSet: MoneyBag! currentTotalDiscountsSet: MoneyBag!
  currentTotalPriceSet: MoneyBag! totalReceivedSet: MoneyBag! netPaymentSet: MoneyBag!
  lineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): LineItemConnection!
  transactions(first: Int, capturable: Boolean, manuallyResolvable: Boolean): [OrderTransaction!]!
  refunds(first: Int): [Refund!]!
  discountApplications(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): DiscountApplicationConnection!
  customerJourneySummary: CustomerJourneySummary
}
type LineItemConnection { edges: [LineItemEdge!]! nodes: [LineItem!]! pageInfo: PageInfo! }
type LineItemEdge { cursor: String! node: LineItem! }
type LineItem implements Node {
  id: ID! name: String! title: String! variantTitle: String sku: String vendor: String quantity: Int! currentQuantity: Int!
  refundableQuantity: Int! isGiftCard: Boolean! requiresShipping: Boolean! taxable: Boolean!
  originalUnitPriceSet: MoneyBag! discountedUnitPriceSet: MoneyBag! originalTotalSet: MoneyBag! discountedTotalSet: MoneyBag!
  totalDiscountSet: MoneyBag! discountAllocations: [DiscountAllocation!]! product: Product variant: ProductVariant
}
type DiscountAllocation { allocatedAmountSet: MoneyBag! discountApplication: DiscountApplication! }
type OrderTransaction implements Node {
  id: ID! kind: OrderTransactionKind! status: OrderTransactionStatus! gateway: String formattedGateway: String amountSet: MoneyBag!
  processedAt: DateTime createdAt: DateTime! test: Boolean! errorCode: OrderTransactionErrorCode parentTransaction: OrderTransaction
}
type Refund implements Node {
  id: ID! legacyResourceId: UnsignedInt64! createdAt: DateTime updatedAt: DateTime! note: String totalRefundedSet: MoneyBag!
  refundLineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): RefundLineItemConnection!
  transactions(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): OrderTransactionConnection!
}
type RefundLineItemConnection { edges: [RefundLineItemEdge!]! nodes: [RefundLineItem!]! pageInfo: PageInfo! }
type RefundLineItemEdge { cursor: String! node: RefundLineItem! }
type RefundLineItem { id: ID lineItem: LineItem! quantity: Int! restockType: RefundLineItemRestockType! restocked: Boolean! priceSet: MoneyBag! subtotalSet: MoneyBag! totalTaxSet: MoneyBag! }
type OrderTransactionConnection { edges: [OrderTransactionEdge!]! nodes: [OrderTransaction!]! pageInfo: PageInfo! }
type OrderTransactionEdge { cursor: String! node: OrderTransaction! }
type DiscountApplicationConnection { edges: [DiscountApplicationEdge!]! nodes: [DiscountApplication!]! pageInfo: PageInfo! }
type DiscountApplicationEdge { cursor: String! node: DiscountApplication! }
interface DiscountApplication { allocationMethod: DiscountApplicationAllocationMethod! index: Int! targetSelection: DiscountApplicationTargetSelection! targetType: DiscountApplicationTargetType! value: PricingValue! }
type DiscountCodeApplication implements DiscountApplication { allocationMethod: DiscountApplicationAllocationMethod! index: Int! targetSelection: DiscountApplicationTargetSelection! targetType: DiscountApplicationTargetType! value: PricingValue! code: String! }
type AutomaticDiscountApplication implements DiscountApplication { allocationMethod: DiscountApplicationAllocationMethod! index: Int! targetSelection: DiscountApplicationTargetSelection! targetType: DiscountApplicationTargetType! value: PricingValue! title: String! }
type ManualDiscountApplication implements DiscountApplication { allocationMethod: DiscountApplicationAllocationMethod! index: Int! targetSelection: DiscountApplicationTargetSelection! targetType: DiscountApplicationTargetType! value: PricingValue! title: String! description: String }
type ScriptDiscountApplication implements DiscountApplication { allocationMethod: DiscountApplicationAllocationMethod! index: Int! targetSelection: DiscountApplicationTargetSelection! targetType: DiscountApplicationTargetType! value: PricingValue! title: String! }
type PricingPercentageValue { percentage: Float! }
union PricingValue = MoneyV2 | PricingPercentageValue
type CustomerJourneySummary { customerOrderIndex: Int daysToConversion: Int firstVisit: CustomerVisit lastVisit: CustomerVisit ready: Boolean! }
type CustomerVisit implements Node {
  id: ID! landingPage: URL occurredAt: DateTime! referralCode: String referrerUrl: URL source: String! sourceDescription: String
  sourceType: String utmParameters: UTMParameters marketingEvent: MarketingEvent
}
type UTMParameters { campaign: String content: String medium: String source: String term: String }
type MarketingEvent implements Node { id: ID! }

type CustomerConnection { edges: [CustomerEdge!]! nodes: [Customer!]! pageInfo: PageInfo! }
type CustomerEdge { cursor: String! node: Customer! }
type Customer implements Node {
  id: ID! legacyResourceId: UnsignedInt64! createdAt: DateTime! updatedAt: DateTime! firstName: String lastName: String
  displayName: String! email: String phone: String state: CustomerState! verifiedEmail: Boolean! taxExempt: Boolean! locale: String!
  tags: [String!]! note: String numberOfOrders: UnsignedInt64! amountSpent: MoneyV2!
  defaultEmailAddress: CustomerEmailAddress defaultPhoneNumber: CustomerPhoneNumber defaultAddress: MailingAddress
}
type CustomerEmailAddress { emailAddress: String! marketingState: CustomerEmailAddressMarketingState! }
type CustomerPhoneNumber { phoneNumber: String! marketingState: CustomerSmsMarketingState! }
type MailingAddress implements Node {
  id: ID! firstName: String lastName: String address1: String address2: String city: String province: String provinceCode: String
  country: String countryCodeV2: CountryCode zip: String phone: String
}

type ProductConnection { edges: [ProductEdge!]! nodes: [Product!]! pageInfo: PageInfo! }
type ProductEdge { cursor: String! node: Product! }
type Product implements Node {
  id: ID! legacyResourceId: UnsignedInt64! title: String! handle: String! productType: String! vendor: String! status: ProductStatus!
  tags: [String!]! createdAt: DateTime! updatedAt: DateTime! publishedAt: DateTime descriptionHtml: HTML! totalInventory: Int!
  variants(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): ProductVariantConnection!
}
type ProductVariantConnection { edges: [ProductVariantEdge!]! nodes: [ProductVariant!]! pageInfo: PageInfo! }
type ProductVariantEdge { cursor: String! node: ProductVariant! }
type ProductVariant implements Node {
  id: ID! legacyResourceId: UnsignedInt64! title: String! displayName: String! sku: String barcode: String position: Int!
  price: Money! compareAtPrice: Money createdAt: DateTime! updatedAt: DateTime! inventoryQuantity: Int taxable: Boolean!
  selectedOptions: [SelectedOption!]! product: Product! inventoryItem: InventoryItem!
}
type SelectedOption { name: String! value: String! }
type InventoryItem implements Node { id: ID! sku: String tracked: Boolean! unitCost: MoneyV2 }

type BulkOperation implements Node {
  id: ID! status: BulkOperationStatus! errorCode: BulkOperationErrorCode createdAt: DateTime! completedAt: DateTime
  objectCount: UnsignedInt64! rootObjectCount: UnsignedInt64! fileSize: UnsignedInt64 url: URL partialDataUrl: URL query: String!
  type: BulkOperationType!
}
type BulkOperationRunQueryPayload { bulkOperation: BulkOperation userErrors: [BulkOperationUserError!]! }
type BulkOperationUserError { code: BulkOperationUserErrorCode field: [String!] message: String! }
type BulkOperationCancelPayload { bulkOperation: BulkOperation userErrors: [UserError!]! }
type UserError { field: [String!] message: String! }
`;

let cached: GraphQLSchema | null = null;
export const adminSchema = (): GraphQLSchema => (cached ??= buildSchema(SDL));
