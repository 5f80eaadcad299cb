// Real-store shapes the simulator never makes (tests/fixtures/shopify-dirty/README.md lists each one and its
// source) land through the real DuckDB writer, the whole project builds with every data test, and the
// per-order, per-customer and ledger figures equal the README's revenue rules worked out by hand below.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landNodes } from '../../ingest/sync/landing.js';
import type { Json } from '../../ingest/sync/flatten.js';
import { DuckDbRawWriter } from '../../ingest/warehouse/duckdb.js';
import { clv, query } from './build.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/shopify-dirty');
const dir = mkdtempSync(path.join(os.tmpdir(), 'clv-dirty-'));
const db = path.join(dir, 'store.duckdb');
let buildOutput: string;

const order = (n: number) => `gid://shopify/Order/${n}`;
const customer = (n: number) => `gid://shopify/Customer/${n}`;
const cents = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 100));
const c = (dollars: number): number => Math.round(dollars * 100);

/** Lands the fixture files in the order a sync lands them (refund lines come after their orders). */
async function landFixture(files: string[], into = db): Promise<void> {
  const writer = await DuckDbRawWriter.open(into, { schema: 'raw_shopify', apiVersion: '2026-10' });
  try {
    await writer.ensureTables();
    for (const file of files) await writer.land(path.resolve(FIXTURE, file));
  } finally {
    await writer.close();
  }
}

/** Order-independent digest of every column but synced_at, per model. */
async function digest(dbPath: string, models: string[]): Promise<Record<string, string>> {
  const sql = models.map((m) => `select '${m}' as model, count(*) || ':' || coalesce(sum(hash(t)), 0) as digest
    from (select columns(x -> x <> 'synced_at') from main.${m}) as t`).join(' union all ');
  return Object.fromEntries((await query<{ model: string; digest: string }>(dbPath, sql)).map((r) => [r.model, r.digest]));
}
const DIGESTED = ['stg_shopify__orders', 'stg_shopify__order_lines', 'stg_shopify__refunds', 'stg_shopify__refund_lines',
  'stg_shopify__transactions', 'stg_shopify__discount_applications', 'int_orders', 'int_revenue_ledger', 'customers', 'seasonality'];

const readLines = (file: string): Json[] =>
  readFileSync(path.join(FIXTURE, file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Json);

/**
 * The same orders as paginated pages return them: children nested under their parent (`nodes` connections;
 * transactions and refunds as lists, refunds with their refund lines), with no `__parentId`.
 */
function orderPages(): Json[] {
  const page = (nodes: Json[]) => ({ pageInfo: { hasNextPage: false, endCursor: null }, nodes });
  const childrenOf = (lines: Json[], parent: unknown, typename: RegExp) =>
    lines.filter((l) => l['__parentId'] === parent && typename.test(String(l['__typename'])))
      .map(({ __parentId: _parent, ...node }) => node);
  const bulk = readLines('orders.jsonl');
  const refundLines = readLines('refund-lines.jsonl');
  return bulk.filter((l) => !l['__parentId']).map((o) => ({
    ...o,
    lineItems: page(childrenOf(bulk, o['id'], /^LineItem$/)),
    discountApplications: page(childrenOf(bulk, o['id'], /Application$/)),
    refunds: (o['refunds'] as Json[]).map((r) => ({ ...r, refundLineItems: page(childrenOf(refundLines, r['id'], /^RefundLineItem$/)) })),
  }));
}

beforeAll(async () => {
  await landFixture(['customers.jsonl', 'products.jsonl', 'orders.jsonl', 'refund-lines.jsonl']);
  buildOutput = await clv(db, ['build']);
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Expected {
  revenue: boolean;
  gross: number;
  discounts: number;
  edits: number;
  returns: number;
  giftCardSold?: number;
  /** null: some line's unit cost is unknown (deleted variant, variant without a cost). */
  cost: number | null;
}

// Every figure from the fixture's lines, by hand: gross = unit price × quantity (gift cards 0), discounts =
// the lines' totalDiscountSet, edits = units removed by an edit × discounted unit price, returns = refund
// line subtotals. Refund cash beyond the lines (shipping, tax, goodwill) is not revenue.
const ORDERS: Record<number, Expected> = {
  // 2 × 50.00, 10 % code = 10.00; undated refund 11 returns one unit for 45.00; cost 20.00 × 1 unit kept
  1001: { revenue: true, gross: 2 * 50, discounts: 10, edits: 0, returns: 45, cost: 20 * 1 },
  // deleted product 1 × 20.00 less 2.00; 3 × 8.00 all edited out (24.00); a 0-unit line adds nothing
  1002: { revenue: true, gross: 1 * 20 + 3 * 8 + 0 * 5, discounts: 2, edits: 3 * 8, returns: 0, cost: null },
  // the gift card (25.00) is a liability; the 30.00 variant has no unit cost
  1003: { revenue: true, gross: 30, discounts: 0, edits: 0, returns: 0, giftCardSold: 25, cost: null },
  // 2 × 40.00; shipping-only refund 41 returns nothing; refund 42 a year later returns 1 unit (40.00)
  1004: { revenue: true, gross: 2 * 40, discounts: 0, edits: 0, returns: 40, cost: 15 * 1 },
  // refunded 65.00 cash on a 50.00 line: only the line's 50.00 subtotal is a return
  1005: { revenue: true, gross: 50, discounts: 0, edits: 0, returns: 50, cost: 0 },
  // guest POS checkout: kept, never counted
  1006: { revenue: false, gross: 12, discounts: 0, edits: 0, returns: 0, cost: 15 },
  1007: { revenue: false, gross: 40, discounts: 0, edits: 0, returns: 0, cost: 15 },
  // cancelled: its refund 81 returned the one unit
  1008: { revenue: false, gross: 40, discounts: 0, edits: 0, returns: 40, cost: 0 },
  // shop amounts "12.5" × 2 (presented as 1850 JPY each)
  1009: { revenue: true, gross: 2 * 12.5, discounts: 0, edits: 0, returns: 0, cost: 20 * 2 },
  // no line items: an order worth nothing
  1010: { revenue: true, gross: 0, discounts: 0, edits: 0, returns: 0, cost: 0 },
  // 100.00 less a fixed 15.00 code
  1011: { revenue: true, gross: 100, discounts: 15, edits: 0, returns: 0, cost: 15 },
  // customer 9 is not in the customers stream
  1012: { revenue: true, gross: 2 * 9.99, discounts: 0, edits: 0, returns: 0, cost: 3 * 2 },
};
const net = (o: Expected): number => c(o.gross) - c(o.discounts) - c(o.edits) - c(o.returns);

const CUSTOMER_ORDERS: Record<number, number[]> = { 1: [1001, 1002, 1003, 1004, 1005], 2: [], 3: [1009, 1010], 4: [], 5: [1011], 9: [1012] };

describe('clv build on real-store shapes', () => {
  it('runs every model and data test without an error; the order of an unsynced customer is a warning', () => {
    expect(buildOutput).toMatch(/ERROR=0/);
    expect(buildOutput).not.toMatch(/\bFAIL\b/);
    expect(buildOutput).toMatch(/WARN 1 relationships_stg_shopify__ord/);
  });

  it('books each order by the revenue rules', async () => {
    const rows = await query<Record<string, unknown>>(db, `select order_id, is_revenue_order, gross_shop_amount, discount_shop_amount,
      edited_out_shop_amount, refunded_shop_amount, net_revenue_shop_amount, gift_card_sold_shop_amount, cost_shop_amount,
      gross_margin_shop_amount from main.int_orders`);
    expect(rows.map((r) => r['order_id']).sort()).toEqual(Object.keys(ORDERS).map((n) => order(Number(n))).sort());
    for (const row of rows) {
      const id = row['order_id'] as string;
      const e = ORDERS[Number(id.split('/').pop())]!;
      expect({
        revenue: row['is_revenue_order'], gross: cents(row['gross_shop_amount']), discounts: cents(row['discount_shop_amount']),
        edits: cents(row['edited_out_shop_amount']), returns: cents(row['refunded_shop_amount']), net: cents(row['net_revenue_shop_amount']),
        giftCardSold: cents(row['gift_card_sold_shop_amount']), cost: cents(row['cost_shop_amount']), margin: cents(row['gross_margin_shop_amount']),
      }, id).toEqual({
        revenue: e.revenue, gross: c(e.gross), discounts: c(e.discounts), edits: c(e.edits), returns: c(e.returns), net: net(e),
        giftCardSold: c(e.giftCardSold ?? 0), cost: e.cost === null ? null : c(e.cost), margin: e.cost === null ? null : net(e) - c(e.cost),
      });
    }
  });

  it('sums each customer over revenue orders only, including a buyer missing from the customers stream', async () => {
    const rows = await query<{ customer_id: string; orders: string; net_revenue_shop_amount: string; email: string | null }>(
      db, 'select customer_id, orders, net_revenue_shop_amount, email from main.customers');
    const got = Object.fromEntries(rows.map((r) => [r.customer_id, { orders: Number(r.orders), net: cents(r.net_revenue_shop_amount) }]));
    const expected = Object.fromEntries(Object.entries(CUSTOMER_ORDERS).map(([n, ids]) => [customer(Number(n)), {
      orders: ids.length, net: ids.reduce((sum, id) => sum + net(ORDERS[id]!), 0),
    }]));
    expect(got).toEqual(expected);
    expect(rows.find((r) => r.customer_id === customer(9))?.email).toBeNull();
  });

  it('books sales on the order date and returns on the refund date, an undated refund on its updatedAt', async () => {
    const rows = await query<{ event_type: string; event_id: string; event_date: string; net: string }>(db, `select event_type, event_id,
      cast(event_date as varchar) as event_date, net_revenue_shop_amount as net from main.int_revenue_ledger where event_type = 'refund'`);
    expect(Object.fromEntries(rows.map((r) => [r.event_id.split('/').pop(), [r.event_date, cents(r.net)]]))).toEqual({
      11: ['2025-03-05', -c(45)], // createdAt null, updatedAt 2025-03-05
      41: ['2025-05-02', 0], // shipping only
      42: ['2026-05-02', -c(40)], // a year after the sale
      51: ['2025-05-20', -c(50)],
      // refund 81 belongs to a cancelled order: gone with its sale
    });
    const [sale] = await query<{ event_date: string; net: string }>(db, `select cast(event_date as varchar) as event_date,
      net_revenue_shop_amount as net from main.int_revenue_ledger where event_id = '${order(1009)}'`);
    // processed 2025-06-01T08:30:00+09:00 = 2025-05-31 23:30 UTC
    expect(sale).toEqual({ event_date: '2025-05-31', net: '25.00' });
    const [month] = await query<{ net: string }>(db, `select net_revenue_shop_amount as net from main.seasonality
      where period_grain = 'month' and period_start = date '2026-05-01'`);
    expect(cents(month?.net)).toBe(-c(40));
  });

  it('keeps presentment money beside shop money (JPY without decimals)', async () => {
    const [row] = await query<{ presentment_currency: string; net_revenue_presentment_amount: string; total_price_presentment_amount: string }>(db,
      `select presentment_currency, net_revenue_presentment_amount, total_price_presentment_amount from main.int_orders where order_id = '${order(1009)}'`);
    expect(row).toEqual({ presentment_currency: 'JPY', net_revenue_presentment_amount: '3700.00', total_price_presentment_amount: '185000.00' });
  });

  it('stages nulls, long and unicode text, offsets and every discount type as received', async () => {
    const customers = await query<Record<string, string | null>>(db, `select customer_id, email, first_name, last_name, tags,
      cast(created_at as varchar) as created_at, shopify_number_of_orders from main.stg_shopify__customers order by customer_id`);
    expect(customers[0]).toMatchObject({ email: 'ana.nunez@example.com', first_name: 'Ana 🌸', last_name: 'Núñez "the one"', shopify_number_of_orders: 5 });
    for (const tag of ['quote"d', '日本語', '🎉 party', "it's"]) expect(customers[0]!['tags']).toContain(tag);
    expect(customers[1]).toMatchObject({ email: null, first_name: null, last_name: null, tags: null });
    expect(customers[2]!['created_at']).toBe('2025-05-20 06:00:00'); // 15:00 +09:00
    const [long] = await query<{ title: number; line: number; status: string }>(db, `select
      (select cast(length(product_title) as integer) from main.stg_shopify__products where product_id = 'gid://shopify/Product/4') as title,
      (select cast(length(line_name) as integer) from main.stg_shopify__order_lines where order_line_id = 'gid://shopify/LineItem/10111') as line,
      (select product_status from main.stg_shopify__products where product_id = 'gid://shopify/Product/5') as status`);
    expect(long).toEqual({ title: 10240, line: 10240, status: 'UNLISTED' });
    // transactions are not revenue (the rules read lines and refunds) but every kind and status must stage
    const [tx] = await query<{ n: number; kinds: string; statuses: string; gift: number }>(db, `select cast(count(*) as integer) as n,
      string_agg(distinct kind, ',' order by kind) as kinds, string_agg(distinct status, ',' order by status) as statuses,
      cast(count(*) filter (where gateway = 'gift_card') as integer) as gift from main.stg_shopify__transactions`);
    expect(tx).toEqual({ n: 23, kinds: 'AUTHORIZATION,CAPTURE,CHANGE,REFUND,SALE,SUGGESTED_REFUND,VOID',
      statuses: 'AWAITING_RESPONSE,ERROR,FAILURE,PENDING,SUCCESS,UNKNOWN', gift: 1 });
    const discounts = await query<{ order_id: string; application_type: string; discount_code: string | null; value_type: string; value: number }>(db,
      'select order_id, application_type, discount_code, value_type, value from main.stg_shopify__discount_applications order by order_id');
    expect(discounts.map((d) => [d.order_id.split('/').pop(), d.application_type, d.discount_code, d.value_type, d.value])).toEqual([
      ['1001', 'DiscountCodeApplication', 'welcome10', 'pricingpercentagevalue', 10],
      ['1002', 'AutomaticDiscountApplication', null, 'moneyv2', 2],
      ['1003', 'ManualDiscountApplication', null, 'pricingpercentagevalue', 0],
      ['1004', 'ScriptDiscountApplication', null, 'moneyv2', 0],
      ['1011', 'DiscountCodeApplication', 'save15', 'moneyv2', 15],
    ]);
  });

  it('lands the same files again and builds incrementally to what a full refresh builds', async () => {
    const before = await digest(db, DIGESTED);
    // a rerun of the sync: same nodes through the general (upsert) routing, then an incremental build
    await landFixture(['orders.jsonl', 'refund-lines.jsonl']);
    expect(await clv(db, ['build'])).toMatch(/ERROR=0/);
    const incremental = await digest(db, DIGESTED);
    expect(await clv(db, ['build', '--full-refresh', '--exclude', 'resource_type:test'])).toMatch(/ERROR=0/);
    expect(incremental).toEqual(await digest(db, DIGESTED));
    expect(incremental).toEqual(before);
  }, 300_000);

  it('builds the same from paginated pages as from the bulk files', async () => {
    const paged = path.join(dir, 'paged.duckdb');
    await landFixture(['customers.jsonl', 'products.jsonl'], paged);
    const writer = await DuckDbRawWriter.open(paged, { schema: 'raw_shopify', apiVersion: '2026-10' });
    try {
      await landNodes(writer, orderPages(), {});
    } finally {
      await writer.close();
    }
    expect(await clv(paged, ['build', '--exclude', 'path:models/predictive'])).toMatch(/ERROR=0/);
    expect(await digest(paged, DIGESTED)).toEqual(await digest(db, DIGESTED));
  }, 300_000);
});

it('builds a store without a revenue order yet (only a test order) green, predictions included', async () => {
  // nothing to fit: the predictive models build empty, with a warning, rather than failing a new store's first build
  const newStore = path.join(dir, 'new-store.duckdb');
  const testOrder = path.join(dir, 'test-order.jsonl');
  const lines = readFileSync(path.join(FIXTURE, 'orders.jsonl'), 'utf8').split('\n').filter((l) => l.includes(`"${order(1007)}"`));
  writeFileSync(testOrder, lines.join('\n') + '\n');
  await landFixture(['customers.jsonl', 'products.jsonl', testOrder], newStore);
  const output = await clv(newStore, ['build']);
  expect(output).toMatch(/ERROR=0 SKIP=0/);
  expect(output).not.toMatch(/\bFAIL\b/);
  expect(output).toMatch(/nothing to predict/);
  const [predictions] = await query<{ n: number }>(newStore, 'select cast(count(*) as integer) as n from main.customer_clv');
  expect(predictions).toEqual({ n: 0 });
  const [customers] = await query<{ n: number; buyers: number }>(newStore,
    'select cast(count(*) as integer) as n, cast(count(*) filter (where orders > 0) as integer) as buyers from main.customers');
  expect(customers).toEqual({ n: 5, buyers: 0 });
}, 300_000);
