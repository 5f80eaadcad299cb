// End to end: a simulated store (its dirty inputs included) lands in raw tables, `clv build` runs every
// model and data test, and the marts are compared with figures computed in TypeScript from the simulator.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, landStore } from '../../bench/models-store.js';
import { clv, query } from './build.js';
import { customerTruth, orderTruth, type TruthOrder } from './truth.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'clv-models-'));
const db = path.join(dir, 'store.duckdb');
const store = createStore({ customers: 300, seed: 7 });
let truth: TruthOrder[];
let buildOutput: string;

const num = (v: unknown): number => Number(v);
const toCents = (v: unknown): number => Math.round(Number(v) * 100);

beforeAll(async () => {
  truth = orderTruth(store);
  // every order lands twice (webhook, then the sync): the upsert and staging dedup must absorb it
  await landStore(db, store, { duplicateOrders: true });
  buildOutput = await clv(db, ['build']);
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('clv build on a simulated store', () => {
  it('runs every model and data test green', () => {
    expect(buildOutput).toMatch(/Completed successfully/);
    expect(buildOutput).toMatch(/ERROR=0/);
  });

  it('matches per-customer net revenue and order counts', async () => {
    const expected = customerTruth(truth);
    const rows = await query<{ customer_id: string; orders: string; net_revenue_shop_amount: string }>(
      db, 'select customer_id, orders, net_revenue_shop_amount from main.customers where orders > 0');
    expect(rows.length).toBe(expected.size);
    for (const row of rows) {
      const t = expected.get(row.customer_id);
      expect(t, row.customer_id).toBeDefined();
      expect(num(row.orders)).toBe(t!.orders);
      expect(toCents(row.net_revenue_shop_amount)).toBe(t!.netCents);
    }
  });

  it('matches cohort sizes', async () => {
    const sizes = new Map<string, number>();
    for (const c of customerTruth(truth).values()) {
      const month = `${c.firstOrder.slice(0, 7)}-01`;
      sizes.set(month, (sizes.get(month) ?? 0) + 1);
    }
    const rows = await query<{ cohort_month: string; cohort_size: string }>(
      db, 'select cast(cohort_month as varchar) as cohort_month, max(cohort_size) as cohort_size from main.cohort_retention group by 1');
    expect(Object.fromEntries(rows.map((r) => [r.cohort_month, num(r.cohort_size)]))).toEqual(Object.fromEntries(sizes));
  });

  it('matches product units sold on revenue orders', async () => {
    const units = new Map<string, number>();
    for (const o of truth.filter((x) => x.isRevenue)) for (const [p, q] of o.units) units.set(p, (units.get(p) ?? 0) + q);
    const rows = await query<{ product_id: string; units: string }>(
      db, 'select product_id, sum(units) as units from main.product_performance group by 1');
    expect(Object.fromEntries(rows.map((r) => [r.product_id, num(r.units)]))).toEqual(Object.fromEntries(units));
  });

  it('attributes orders, new customers and revenue to channels', async () => {
    const byChannel = new Map<string, { orders: number; netCents: number }>();
    for (const o of truth.filter((x) => x.isRevenue)) {
      const c = byChannel.get(o.channel) ?? { orders: 0, netCents: 0 };
      c.orders += 1;
      c.netCents += o.netCents;
      byChannel.set(o.channel, c);
    }
    const rows = await query<{ attribution_value: string; orders: string; net_revenue_shop_amount: string }>(
      db, "select attribution_value, orders, net_revenue_shop_amount from main.marketing_performance where attribution_dimension = 'channel'");
    expect(Object.fromEntries(rows.map((r) => [r.attribution_value, { orders: num(r.orders), netCents: toCents(r.net_revenue_shop_amount) }])))
      .toEqual(Object.fromEntries(byChannel));
  });
});

describe('dirty inputs', () => {
  it('absorbs duplicate deliveries of the same order (webhook + sync)', async () => {
    const [row] = await query<{ raw: string; staged: string }>(db,
      'select (select count(*) from raw_shopify.orders) as raw, (select count(*) from main.stg_shopify__orders) as staged');
    expect(num(row!.raw)).toBe(store.data.orders.count);
    expect(num(row!.staged)).toBe(store.data.orders.count);
  });

  it('keeps test orders out of every revenue figure', async () => {
    const testIds = truth.filter((o) => o.isTest).map((o) => o.id);
    expect(testIds.length).toBeGreaterThan(0);
    const rows = await query(db, `select orders.order_id from main.int_customer_orders
      inner join main.int_orders as orders on int_customer_orders.order_key = orders.order_key
      where orders.order_id in (${testIds.map((id) => `'${id}'`).join(',')})`);
    expect(rows).toEqual([]);
  });

  it('keeps orders without a customer out of customer value', async () => {
    const guests = truth.filter((o) => o.customerId === null && !o.isTest);
    expect(guests.length).toBeGreaterThan(0);
    const [row] = await query<{ n: string }>(db, 'select count(*) as n from main.int_customer_orders where customer_id is null');
    expect(num(row!.n)).toBe(0);
  });

  it('flags deleted customers and keeps them in customers', async () => {
    const deleted = store.deletedIds().customers;
    expect(deleted.length).toBeGreaterThan(0);
    const rows = await query<{ customer_id: string }>(db, 'select customer_id from main.customers where is_deleted');
    expect(rows.map((r) => r.customer_id).sort()).toEqual([...deleted].sort());
  });

  it('books late refunds on the day they happened', async () => {
    const late = truth.filter((o) => o.isRevenue && o.refunds.some((r) => r.cents > 0 && r.date.slice(0, 7) !== o.date.slice(0, 7)));
    expect(late.length).toBeGreaterThan(0);
    const byDay = new Map<string, number>();
    for (const o of truth.filter((x) => x.isRevenue)) for (const r of o.refunds) byDay.set(r.date, (byDay.get(r.date) ?? 0) + r.cents);
    const rows = await query<{ day: string; refunded: string }>(db,
      "select cast(period_start as varchar) as day, refunded_shop_amount as refunded from main.seasonality where period_grain = 'day' and refunded_shop_amount <> 0");
    expect(Object.fromEntries(rows.map((r) => [r.day, toCents(r.refunded)]))).toEqual(
      Object.fromEntries([...byDay].filter(([, c]) => c !== 0)));
  });

  it('sums shop-currency money for orders paid in another currency', async () => {
    const foreign = truth.filter((o) => o.isRevenue && o.presentmentCurrency !== 'USD');
    expect(foreign.length).toBeGreaterThan(0);
    const ids = foreign.map((o) => `'${o.id}'`).join(',');
    const rows = await query<{ order_id: string; net: string; multi: boolean }>(db,
      `select order_id, net_revenue_shop_amount as net, is_multi_currency as multi from main.int_orders where order_id in (${ids})`);
    const expected = new Map(foreign.map((o) => [o.id, o.netCents]));
    for (const r of rows) {
      expect(r.multi).toBe(true);
      expect(toCents(r.net)).toBe(expected.get(r.order_id));
    }
    expect(rows.length).toBe(foreign.length);
  });
});
