import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../ingest/simulator/index.js';
import { END_DATE, gql, pageAll } from './helpers.js';

let sim: RunningSimulator;
beforeAll(async () => { sim = await startSimulator({ customers: 300, seed: 3, endDate: END_DATE, restoreRateScale: 100 }); });
afterAll(async () => { await sim.close(); });

describe('Admin GraphQL endpoint', () => {
  it('pagination by UPDATED_AT covers every live order exactly once, in (updatedAt, id) order', async () => {
    const nodes = await pageAll(sim, 'orders', 'id updatedAt', undefined, 97);
    const ids = nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(sim.store.liveOrderIds().sort());
    for (let i = 1; i < nodes.length; i++) {
      const [a, b] = [nodes[i - 1], nodes[i]];
      const byTime = Date.parse(a.updatedAt) - Date.parse(b.updatedAt);
      expect(byTime < 0 || (byTime === 0 && Number(a.id.split('/').pop()) < Number(b.id.split('/').pop()))).toBe(true);
    }
  });

  it('customers and products paginate completely (deleted customers excluded)', async () => {
    const customers = await pageAll(sim, 'customers', 'id');
    expect(customers.map((c) => c.id).sort()).toEqual(sim.store.liveCustomerIds().sort());
    expect(sim.store.deletedIds().customers.length).toBeGreaterThan(0);
    const products = await pageAll(sim, 'products', 'id variants(first: 10) { nodes { id price inventoryItem { unitCost { amount } } } }', undefined, 20);
    expect(products.length).toBe(sim.store.catalog.products.length);
    expect(products.flatMap((p) => p.variants.nodes).length).toBe(sim.store.catalog.variants.length);
  });

  it('the updated_at filter is inclusive on both ends and exclusive with > / <', async () => {
    const o = sim.store.data.orders;
    const target = o.updatedAt.data[Math.floor(o.count / 2)]!;
    const iso = new Date(target).toISOString();
    const sameTime = sim.store.liveOrderIds().filter((_, i) => o.updatedAt.data[i] === target);
    const inclusive = await pageAll(sim, 'orders', 'id updatedAt', `updated_at:>='${iso}' AND updated_at:<='${iso}'`);
    expect(inclusive.map((n) => n.id).sort()).toEqual(sameTime.sort());
    expect(inclusive.length).toBeGreaterThan(0);
    const exclusive = await pageAll(sim, 'orders', 'id', `updated_at:>'${iso}' AND updated_at:<'${iso}'`);
    expect(exclusive).toEqual([]);
    const after = await pageAll(sim, 'orders', 'id updatedAt', `updated_at:>'${iso}'`);
    expect(after.every((n) => Date.parse(n.updatedAt) > target)).toBe(true);
    expect(after.length).toBe(sim.store.liveOrderIds().filter((_, i) => o.updatedAt.data[i]! > target).length);
  });

  it('ordersCount / customersCount / productsCount: the Count shape, query filters, limit and precision', async () => {
    const o = sim.store.data.orders;
    const target = o.updatedAt.data[Math.floor(o.count / 2)]!;
    const iso = new Date(target).toISOString();
    const r = await gql(sim, `{ all: ordersCount(limit: null) { count precision } capped: ordersCount(limit: 10) { count precision }
      recent: ordersCount(query: "updated_at:>'${iso}'", limit: null) { count } customersCount { count precision } productsCount { count } }`);
    expect(r.body.errors).toBeUndefined();
    const live = sim.store.liveOrderIds();
    expect(r.body.data.all).toEqual({ count: live.length, precision: 'EXACT' });
    expect(r.body.data.capped).toEqual({ count: 10, precision: 'AT_LEAST' });
    let newer = 0;
    for (let i = 0; i < o.count; i++) if (!sim.store.isOrderDeleted(i) && o.updatedAt.data[i]! > target) newer++;
    expect(r.body.data.recent.count).toBe(newer);
    expect(newer).toBeGreaterThan(0);
    expect(r.body.data.customersCount).toEqual({ count: sim.store.liveCustomerIds().length, precision: 'EXACT' });
    expect(r.body.data.productsCount.count).toBe(sim.store.catalog.products.length);
  });

  it('node(id:) resolves a Refund (refund line pages), and discount applications accept every concrete type fragment', async () => {
    const order = (await pageAll(sim, 'orders', 'id refunds(first: 2) { id refundLineItems(first: 5) { nodes { quantity } } }', undefined, 50)).find((n) => n.refunds.length > 0);
    const refund = order.refunds[0];
    const page = await gql(sim, `query($id: ID!) { node(id: $id) { __typename id ... on Refund { refundLineItems(first: 1) { pageInfo { hasNextPage } nodes { quantity } } } } }`, { id: refund.id });
    expect(page.body.errors).toBeUndefined();
    expect(page.body.data.node.id).toBe(refund.id);
    expect(page.body.data.node.__typename).toBe('Refund');
    expect(page.body.data.node.refundLineItems.nodes[0]).toEqual(refund.refundLineItems.nodes[0]);
    expect(page.body.data.node.refundLineItems.pageInfo.hasNextPage).toBe(refund.refundLineItems.nodes.length > 1);
    const missing = await gql(sim, `{ node(id: "gid://shopify/Refund/1") { id } }`);
    expect(missing.body.data.node).toBeNull();
    const discounts = await gql(sim, `{ orders(first: 50) { nodes { discountApplications(first: 5) { nodes { __typename index
      ... on DiscountCodeApplication { code } ... on AutomaticDiscountApplication { title } ... on ManualDiscountApplication { title description }
      ... on ScriptDiscountApplication { title } } } } } }`);
    expect(discounts.body.errors).toBeUndefined();
  });

  it('returns only the selected fields, with aliases and fragments', async () => {
    const r = await gql(sim, `fragment M on MoneyBag { shopMoney { amount } }
      { recent: orders(first: 2, reverse: true) { edges { cursor node { __typename id total: totalPriceSet { ...M } } } } }`);
    const edge = r.body.data.recent.edges[0];
    expect(Object.keys(edge.node).sort()).toEqual(['__typename', 'id', 'total']);
    expect(Object.keys(edge.node.total.shopMoney)).toEqual(['amount']);
    expect(typeof edge.cursor).toBe('string');
  });

  it('reports the calculated cost per the cost model', async () => {
    const r = await gql(sim, '{ orders(first: 10) { nodes { id lineItems(first: 5) { nodes { id } } } } }');
    const c = r.body.extensions.cost;
    expect(c.requestedQueryCost).toBe(2 + 10 * (1 + 2 + 5 * 1));
    const returned = r.body.data.orders.nodes;
    expect(c.actualQueryCost).toBe(2 + returned.reduce((s: number, n: any) => s + 1 + 2 + n.lineItems.nodes.length, 0));
    expect(c.throttleStatus).toMatchObject({ maximumAvailable: 200000, restoreRate: 10000 });
    expect(typeof c.throttleStatus.currentlyAvailable).toBe('number');
  });

  it('rejects first > 250, a query over 1000 points, a bad token and a bad query like Shopify', async () => {
    const big = await gql(sim, '{ orders(first: 251) { nodes { id } } }');
    expect(big.status).toBe(200);
    expect(big.body.errors[0].extensions.code).toBe('MAX_PAGE_SIZE_EXCEEDED');
    expect(big.body.data ?? null).toBeNull();
    const costly = await gql(sim, '{ orders(first: 250) { nodes { id lineItems(first: 10) { nodes { id } } } } }');
    expect(costly.body.errors[0].extensions).toEqual({ code: 'MAX_COST_EXCEEDED', cost: 3252, maxCost: 1000 });
    expect(costly.body.extensions).toBeUndefined();
    const unauth = await gql(sim, '{ shop { name } }', undefined, 'shpat_wrong');
    expect(unauth.status).toBe(401);
    expect(unauth.body).toEqual({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    const unknown = await gql(sim, '{ orders(first: 1) { nodes { idd } } }');
    expect(unknown.status).toBe(200);
    expect(unknown.body.errors[0]).toMatchObject({ message: "Field 'idd' doesn't exist on type 'Order'", locations: [{ line: 1, column: 30 }], extensions: { code: 'undefinedField', typeName: 'Order', fieldName: 'idd' } });
    const syntax = await gql(sim, '{ orders(first: 1) { nodes { id }');
    expect(syntax.body.errors[0].locations[0].line).toBe(1);
    expect(syntax.body.errors[0].extensions.code).toBe('PARSE_ERROR');
    const noFirst = await gql(sim, '{ orders { nodes { id } } }');
    expect(noFirst.body.errors[0].message).toBe('you must provide one of first or last');
  });

  it('answers the scope check and the shop query', async () => {
    const r = await gql(sim, '{ shop { name currencyCode plan { displayName shopifyPlus } } currentAppInstallation { accessScopes { handle } } }');
    expect(r.body.data.shop).toEqual({ name: 'Simulated Outfitters', currencyCode: 'USD', plan: { displayName: 'Basic', shopifyPlus: false } });
    expect(r.body.data.currentAppInstallation.accessScopes.map((s: any) => s.handle)).toContain('read_all_orders');
  });

  it('looks records up by id with node/nodes', async () => {
    const id = sim.store.liveOrderIds()[5]!;
    const r = await gql(sim, `query($id: ID!, $ids: [ID!]!) { node(id: $id) { id ... on Order { name } } nodes(ids: $ids) { __typename id } }`, { id, ids: [id, 'gid://shopify/Customer/1'] });
    expect(r.body.data.node).toEqual({ id, name: '#1006' });
    expect(r.body.data.nodes).toEqual([{ __typename: 'Order', id }, null]);
  });
});

describe('without read_all_orders', () => {
  it('only the last 60 days of orders are visible', async () => {
    const limited = await startSimulator({ customers: 200, seed: 4, endDate: END_DATE, restoreRateScale: 100, scopes: ['read_orders', 'read_customers', 'read_products'], realtimeClock: false });
    try {
      const nodes = await pageAll(limited, 'orders', 'id createdAt');
      const cutoff = Date.parse(END_DATE) - 60 * 86_400_000;
      expect(nodes.length).toBeGreaterThan(0);
      expect(nodes.length).toBeLessThan(limited.store.liveOrderIds().length);
      expect(nodes.every((n) => Date.parse(n.createdAt) >= cutoff)).toBe(true);
    } finally {
      await limited.close();
    }
  });
});

describe('store truth as plain JSON', () => {
  it('matches what the API returns for the same fields', async () => {
    const i = 17;
    const truth = sim.store.orderJson(i);
    const r = await gql(sim, `query($id: ID!) { order(id: $id) { id updatedAt customer { id } totalPriceSet { shopMoney { amount } }
      lineItems(first: 10) { nodes { id quantity variant { id } } } transactions { id kind amountSet { shopMoney { amount } } } } }`, { id: truth.id });
    const o = r.body.data.order;
    expect(o.id).toBe(truth.id);
    expect(o.updatedAt).toBe(truth.updatedAt);
    expect(o.customer).toEqual(truth.customer === null ? null : { id: (truth.customer as any).id });
    expect(o.totalPriceSet.shopMoney.amount).toBe((truth.totalPriceSet as any).shopMoney.amount);
    expect(o.lineItems.nodes).toEqual((truth.lineItems as any[]).map((l) => ({ id: l.id, quantity: l.quantity, variant: { id: l.variant.id } })));
    expect(o.transactions.map((t: any) => t.id)).toEqual((truth.transactions as any[]).map((t) => t.id));
    expect(JSON.stringify(truth)).not.toContain('__netCents');
  });
});
