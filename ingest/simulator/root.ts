// Root fields of QueryRoot and Mutation, resolved against the store.
import type { FieldNode } from 'graphql';
import type { BulkOperations } from './bulk.js';
import { ExecError, checkPageArgs, type Connection } from './execute.js';
import { ID_BASE, gid, parseGid } from './ids.js';
import { decodeCursor, encodeCursor, list, type Ordering, type Range } from './listing.js';
import { PRESENTMENT_CURRENCIES, SHOP_CURRENCY } from './params.js';
import { inRange, parseSearch, SearchSyntaxError, type SearchFilter } from './search.js';
import type { SimulatedStore } from './store.js';
import { PLAN_LIMITS, type Plan } from './cost.js';

type Args = Record<string, unknown>;
type Obj = Record<string, unknown>;

export interface RootDeps { store: SimulatedStore; bulk: BulkOperations; scopes: string[]; plan: Plan; shopName: string; shopHost: string; bulkMode: boolean }

interface Source {
  ordering: (sortKey: string) => Ordering;
  count: () => number;
  base: number;
  visible: (idx: number, f: SearchFilter) => boolean;
  updatedAt: (idx: number) => number;
  createdAt: (idx: number) => number;
  node: (idx: number) => Obj;
}

function paginate(deps: RootDeps, src: Source, args: Args, node: FieldNode): Connection {
  const first = deps.bulkMode ? Number.MAX_SAFE_INTEGER : checkPageArgs(args, node.name.value, node, [node.alias?.value ?? node.name.value]);
  if (typeof args.before === 'string') throw new ExecError("The simulator supports forward pagination only ('after'), not 'before'", { code: 'BAD_USER_INPUT' }, node);
  let filter: SearchFilter;
  try {
    filter = parseSearch(args.query as string | undefined);
  } catch (e) {
    if (e instanceof SearchSyntaxError) throw new ExecError(e.message, { code: 'BAD_USER_INPUT', argumentName: 'query' }, node);
    throw e;
  }
  const sortKey = String(args.sortKey ?? 'ID');
  const ordering = src.ordering(sortKey);
  const keyRange: Range = sortKey === 'UPDATED_AT' ? filter.updatedAt : sortKey === 'ID' || sortKey === 'ORDER_NUMBER' ? idxRange(filter.id, src.base) : filter.createdAt;
  let after = null;
  if (typeof args.after === 'string') {
    const c = decodeCursor(args.after);
    if (!c) throw new ExecError(`Invalid cursor for '${node.name.value}'`, { code: 'BAD_USER_INPUT', argumentName: 'after' }, node);
    after = { last_id: c.last_id - src.base, last_value: c.last_value };
  }
  const reverse = args.reverse === true || (args.last !== undefined && args.last !== null);
  const page = list(ordering, {
    first, after, reverse, keyRange, idOf: (i) => src.base + i,
    keep: (i) => src.visible(i, filter) && inRange(filter.updatedAt, src.updatedAt(i)) && inRange(filter.createdAt, src.createdAt(i)) && inRange(filter.id, src.base + i),
  });
  return {
    __connection: true,
    items: page.items.map((i) => () => src.node(i)),
    cursors: page.items.map((i) => encodeCursor({ last_id: src.base + i, last_value: ordering.key(i) })),
    hasNextPage: page.hasNextPage, hasPreviousPage: page.hasPreviousPage,
  };
}

/** `ordersCount(query:, limit:)` and friends: the 2025-07+ shape, capped at `limit` (default 10,000; null: uncapped). */
function count(src: Source, args: Args, node: FieldNode): Obj {
  let filter: SearchFilter;
  try {
    filter = parseSearch(args.query as string | undefined);
  } catch (e) {
    if (e instanceof SearchSyntaxError) throw new ExecError(e.message, { code: 'BAD_USER_INPUT', argumentName: 'query' }, node);
    throw e;
  }
  const limit = args.limit === null || args.limit === undefined ? Infinity : Number(args.limit);
  let n = 0;
  for (let i = 0; i < src.count() && n <= limit; i++) {
    if (src.visible(i, filter) && inRange(filter.updatedAt, src.updatedAt(i)) && inRange(filter.createdAt, src.createdAt(i)) && inRange(filter.id, src.base + i)) n++;
  }
  return { __typename: 'Count', count: Math.min(n, limit), precision: n > limit ? 'AT_LEAST' : 'EXACT' };
}

function idxRange(r: Range, base: number): Range {
  return { ...r, min: r.min === undefined ? undefined : r.min - base, max: r.max === undefined ? undefined : r.max - base };
}

function ordersSource(deps: RootDeps): Source {
  const s = deps.store;
  const o = s.data.orders;
  const allOrders = deps.scopes.includes('read_all_orders');
  return {
    ordering: (k) => s.ordersBy(k), count: () => o.count, base: ID_BASE.Order,
    visible: (i, f) => !s.isOrderDeleted(i) && (allOrders || o.createdAt.data[i]! >= s.recentOrdersCutoff()) && (f.test === undefined || s.isTestOrder(i) === f.test),
    updatedAt: (i) => o.updatedAt.data[i]!, createdAt: (i) => o.createdAt.data[i]!, node: (i) => s.orderNode(i),
  };
}

function customersSource(deps: RootDeps): Source {
  const s = deps.store;
  const c = s.data.customers;
  return {
    ordering: (k) => s.customersBy(k), count: () => c.count, base: ID_BASE.Customer,
    visible: (i) => !s.isCustomerDeleted(i),
    updatedAt: (i) => c.updatedAt.data[i]!, createdAt: (i) => c.createdAt.data[i]!, node: (i) => s.customerNode(i),
  };
}

function productsSource(deps: RootDeps): Source {
  const s = deps.store;
  const ps = s.catalog.products;
  return {
    ordering: (k) => s.productsBy(k), count: () => ps.length, base: ID_BASE.Product, visible: () => true,
    updatedAt: (i) => ps[i]!.updatedAt, createdAt: (i) => ps[i]!.createdAt, node: (i) => s.productNode(i),
  };
}

function needScope(deps: RootDeps, scope: string, node: FieldNode): void {
  const implied = scope.replace('read_', 'write_');
  if (!deps.scopes.includes(scope) && !deps.scopes.includes(implied)) {
    throw new ExecError(`Access denied for ${node.name.value} field. Required access: \`${scope}\` access scope.`, { code: 'ACCESS_DENIED', documentation: 'https://shopify.dev/api/usage/access-scopes', requiredAccess: `\`${scope}\` access scope.` }, node, [node.name.value]);
  }
}

export function nodeById(deps: RootDeps, id: string): Obj | null {
  const g = parseGid(id);
  if (!g) return null;
  const s = deps.store;
  const inRangeOf = (base: number, n: number) => g.legacy - base >= 0 && g.legacy - base < n;
  switch (g.type) {
    case 'Order': { const i = g.legacy - ID_BASE.Order; return inRangeOf(ID_BASE.Order, s.data.orders.count) && !s.isOrderDeleted(i) ? s.orderNode(i) : null; }
    case 'Customer': { const i = g.legacy - ID_BASE.Customer; return inRangeOf(ID_BASE.Customer, s.data.customers.count) && !s.isCustomerDeleted(i) ? s.customerNode(i) : null; }
    case 'Product': return inRangeOf(ID_BASE.Product, s.catalog.products.length) ? s.productNode(g.legacy - ID_BASE.Product) : null;
    case 'ProductVariant': return inRangeOf(ID_BASE.ProductVariant, s.catalog.variants.length) ? s.variantNode(g.legacy - ID_BASE.ProductVariant) : null;
    case 'BulkOperation': return deps.bulk.node(id);
    case 'Refund': {
      // Refund ids are ID_BASE.Refund + order index × 8 + k (ids.ts): the refund lives on its order's node.
      const i = Math.floor((g.legacy - ID_BASE.Refund) / 8);
      if (!(i >= 0 && i < s.data.orders.count) || s.isOrderDeleted(i)) return null;
      const refunds = (s.orderNode(i).refunds as Obj[] | undefined) ?? [];
      return refunds.find((r) => r.id === id) ?? null;
    }
    default: return null;
  }
}

export function queryRoot(deps: RootDeps): Obj {
  const limits = PLAN_LIMITS[deps.plan];
  return {
    orders: (args: Args, node: FieldNode) => { needScope(deps, 'read_orders', node); return paginate(deps, ordersSource(deps), args, node); },
    customers: (args: Args, node: FieldNode) => { needScope(deps, 'read_customers', node); return paginate(deps, customersSource(deps), args, node); },
    products: (args: Args, node: FieldNode) => { needScope(deps, 'read_products', node); return paginate(deps, productsSource(deps), args, node); },
    ordersCount: (args: Args, node: FieldNode) => { needScope(deps, 'read_orders', node); return count(ordersSource(deps), args, node); },
    customersCount: (args: Args, node: FieldNode) => { needScope(deps, 'read_customers', node); return count(customersSource(deps), args, node); },
    productsCount: (args: Args, node: FieldNode) => { needScope(deps, 'read_products', node); return count(productsSource(deps), args, node); },
    order: (args: Args) => typed(nodeById(deps, String(args.id)), 'Order'),
    customer: (args: Args) => typed(nodeById(deps, String(args.id)), 'Customer'),
    product: (args: Args) => typed(nodeById(deps, String(args.id)), 'Product'),
    productVariant: (args: Args) => typed(nodeById(deps, String(args.id)), 'ProductVariant'),
    node: (args: Args) => nodeById(deps, String(args.id)),
    nodes: (args: Args) => (args.ids as string[]).map((id) => nodeById(deps, id)),
    shop: {
      __typename: 'Shop', id: gid('Shop', ID_BASE.Shop), name: deps.shopName, email: 'owner@example.com', myshopifyDomain: deps.shopHost,
      currencyCode: SHOP_CURRENCY, ianaTimezone: 'Etc/UTC', timezoneAbbreviation: 'UTC', createdAt: deps.store.window.start,
      enabledPresentmentCurrencies: [SHOP_CURRENCY, ...PRESENTMENT_CURRENCIES.map((c) => c.code)],
      plan: { __typename: 'ShopPlan', displayName: limits.displayName, publicDisplayName: limits.displayName, partnerDevelopment: false, shopifyPlus: deps.plan === 'plus' || deps.plan === 'enterprise' },
      primaryDomain: { __typename: 'Domain', id: gid('Domain', 1), host: deps.shopHost, url: `http://${deps.shopHost}` },
    },
    currentAppInstallation: {
      __typename: 'AppInstallation', id: gid('AppInstallation', ID_BASE.AppInstallation),
      accessScopes: deps.scopes.map((handle) => ({ __typename: 'AccessScope', handle, description: `Simulated scope ${handle}` })),
    },
    bulkOperation: (args: Args) => deps.bulk.node(String(args.id)),
    currentBulkOperation: (args: Args) => deps.bulk.current(String(args.type ?? 'QUERY')),
  };
}

function typed(n: Obj | null, type: string): Obj | null {
  return n && n.__typename === type ? n : null;
}

export function mutationRoot(deps: RootDeps): Obj {
  return {
    bulkOperationRunQuery: (args: Args) => deps.bulk.start(String(args.query), args.groupObjects === true),
    bulkOperationCancel: (args: Args) => deps.bulk.cancel(String(args.id)),
  };
}
