// End to end on a simulated store: the project builds with its predictive marts (TypeScript fit/score
// nodes included) at an as-of date one quarter before the store's end, the marts are sane, and the
// next-quarter forecast is compared with what the simulator actually generated in that quarter, against
// a store-level seasonal-naive baseline computed from the same truth.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, landStore } from '../../bench/models-store.js';
import { build, type InvocationResult } from '../../runner/api.js';
import { query, REPO } from '../models/build.js';
import { orderTruth, type TruthOrder } from '../models/truth.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'clv-predictive-'));
const db = path.join(dir, 'store.duckdb');
const END = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;
const WEEKS = 13;
const asOf = new Date(END - WEEKS * 7 * DAY).toISOString().slice(0, 10);
const store = createStore({ customers: 1000, seed: 11, years: 2.5, end: END });
let truth: TruthOrder[];
let result: InvocationResult;

beforeAll(async () => {
  truth = orderTruth(store);
  await landStore(db, store);
  process.env.CLV_DUCKDB_PATH = db;
  result = await build({ projectDir: REPO, targetPath: path.join(dir, 'target'), select: ['+tag:predictive'], vars: { clv_as_of_date: asOf, clv_compare_models: ['bgnbd', 'mbgnbd'] } });
}, 900_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const n = (v: unknown) => Number(v);

describe('predictive marts on a simulated store', () => {
  it('builds every predictive node without errors', () => {
    // Only the predictive nodes and their tests: `+tag:predictive` also picks tests of upstream marts that
    // were not built (relationships to unselected models); those are not this suite's subject.
    const predictive = (id: string) => result.manifest.nodes[id]?.original_file_path.startsWith('models/predictive/');
    const ours = result.results.results.filter((r) => predictive(r.unique_id) || predictive((result.manifest.nodes[r.unique_id] as { attached_node?: string }).attached_node ?? ''));
    expect(ours.length).toBeGreaterThan(20);
    const bad = ours.filter((r) => r.status === 'error' || r.status === 'fail' || r.status === 'skipped');
    expect(bad.map((r) => `${r.unique_id}: ${r.message}`)).toEqual([]);
    const fit = result.results.results.find((r) => r.unique_id === 'model.clv.clv_model_fit')!;
    console.log(`clv_model_fit: ${fit.status}\n${fit.message}`);
  });

  it('has one sane row per customer in customer_clv and customer_churn_risk', async () => {
    const [c] = await query<Record<string, string>>(db, `select count(*) as n, count(distinct customer_id) as ids,
      count(*) filter (where p_alive < 0 or p_alive > 1 or isnan(p_alive)) as bad_alive,
      count(*) filter (where isnan(predicted_clv_12m) or predicted_clv_12m < 0) as bad_clv,
      count(*) filter (where frequency is not null and (p_alive is null or predicted_clv_12m is null or expected_aov is null)) as missing,
      count(*) filter (where purchases_12m_p10 > purchases_12m_p90) as bad_range
      from main.customer_clv`);
    const [customers] = await query<Record<string, string>>(db, 'select count(*) as n from main.customers');
    expect(n(c!.n)).toBe(n(c!.ids));
    expect(n(c!.n)).toBeGreaterThanOrEqual(n(customers!.n));
    expect([n(c!.bad_alive), n(c!.bad_clv), n(c!.missing), n(c!.bad_range)]).toEqual([0, 0, 0, 0]);
    const [risk] = await query<Record<string, string>>(db, `select count(*) as n, count(*) filter (where churn_probability < 0 or churn_probability > 1) as bad from main.customer_churn_risk`);
    const [buyers] = await query<Record<string, string>>(db, 'select count(*) as n from main.customer_clv where frequency is not null');
    expect(n(risk!.n)).toBe(n(buyers!.n));
    expect(n(risk!.bad)).toBe(0);
    const fits = await query<Record<string, string>>(db, 'select fit_id, log_lik, converged, status from main.clv_model_fit order by fit_id');
    expect(fits.map((f) => f.fit_id)).toEqual(['purchase:bgnbd', 'purchase:mbgnbd', 'spend:gammagamma']);
    console.log(fits);
  });

  it('bins the backtest customers into the calibration plot, adding up to the backtest totals', async () => {
    const bins = await query<Record<string, string>>(db, "select method, frequency_bucket, frequency_label, customers, actual_purchases, predicted_purchases from main.clv_calibration order by method, frequency_bucket");
    console.table(bins);
    for (const method of ['bgnbd', 'past_rate']) {
      const mine = bins.filter((b) => b.method === method);
      expect(mine.length).toBeGreaterThanOrEqual(3);
      expect(mine.map((b) => n(b.frequency_bucket))).toEqual([...mine.map((b) => n(b.frequency_bucket))].sort((a, b) => a - b));
      const [bt] = await query<Record<string, string>>(db, `select customers, predicted_orders, actual_orders from main.clv_backtest where backtest_id = '${method}:existing_customers'`);
      expect(mine.reduce((s, b) => s + n(b.customers), 0)).toBe(n(bt!.customers));
      expect(mine.reduce((s, b) => s + n(b.actual_purchases), 0)).toBeCloseTo(n(bt!.actual_orders), 6);
      expect(mine.reduce((s, b) => s + n(b.predicted_purchases), 0)).toBeCloseTo(n(bt!.predicted_orders), 6);
    }
  });

  it('reuses a fit whose input is unchanged on the next build, with the same parameters', async () => {
    const before = await query<Record<string, string>>(db, 'select fit_id, params_json, input_hash from main.clv_model_fit order by fit_id');
    const again = await build({ projectDir: REPO, targetPath: path.join(dir, 'target'), select: ['clv_model_fit', 'clv_backtest'], exclude: ['resource_type:test'], vars: { clv_as_of_date: asOf, clv_compare_models: ['bgnbd', 'mbgnbd'] } });
    expect(again.success).toBe(true);
    const after = await query<Record<string, string>>(db, 'select fit_id, params_json, input_hash, is_reused from main.clv_model_fit order by fit_id');
    expect(after.map((r) => [r.fit_id, r.params_json, r.input_hash])).toEqual(before.map((r) => [r.fit_id, r.params_json, r.input_hash]));
    expect(after.every((r) => String(r.is_reused) === 'true')).toBe(true);
  });

  it('fits and scores on worker threads (models/predictive/_worker.ts) give the inline results to the bit', async () => {
    // Workers are opt-in (CLV_TS_MODEL_WORKERS), so the build above ran every job inline; refit from
    // scratch (fit tables dropped: no reuse, no warm start) and rescore with every job on a worker, then compare.
    const tables = {
      fits: 'select fit_id, params_json, log_lik, iterations, inverse_hessian_json, input_hash from main.clv_model_fit order by fit_id',
      backtest: 'select backtest_id, params_json, spend_params_json, predicted_orders, predicted_revenue, inverse_hessian_json from main.clv_backtest order by backtest_id',
      scores: 'select * from main.clv_tuple_scores order by x, t_x_days, t_days',
      forecast: 'select * from main.clv_forecast_weekly order by week_number',
    };
    const inline = Object.fromEntries(await Promise.all(Object.entries(tables).map(async ([name, sql]) => [name, await query(db, sql)] as const)));
    await query(db, 'drop table main.clv_model_fit; drop table main.clv_backtest');
    process.env.CLV_TS_MODEL_WORKERS = 'always';
    try {
      const again = await build({ projectDir: REPO, targetPath: path.join(dir, 'target'), select: ['clv_model_fit', 'clv_backtest', 'clv_tuple_scores', 'clv_forecast_weekly'], exclude: ['resource_type:test'], vars: { clv_as_of_date: asOf, clv_compare_models: ['bgnbd', 'mbgnbd'] } });
      expect(again.success).toBe(true);
    } finally {
      delete process.env.CLV_TS_MODEL_WORKERS;
    }
    for (const [name, sql] of Object.entries(tables)) expect(await query(db, sql), name).toEqual(inline[name]);
    expect(inline.fits!.length).toBe(3);
    expect(inline.scores!.length).toBeGreaterThan(100);
  });

  it('forecasts the next quarter better than store-level seasonal naive (simulator truth)', async () => {
    const inWindow = (o: TruthOrder, from: number, to: number) => {
      const t = Date.parse(`${o.date}T00:00:00Z`);
      return o.isRevenue && !o.isTest && t >= from && t < to;
    };
    const start = Date.parse(`${asOf}T00:00:00Z`);
    const end = start + WEEKS * 7 * DAY;
    const actual = truth.filter((o) => inWindow(o, start, end)).reduce((s, o) => s + o.netCents / 100, 0);
    const yearAgo = truth.filter((o) => inWindow(o, start - 364 * DAY, end - 364 * DAY)).reduce((s, o) => s + o.netCents / 100, 0);
    const [f] = await query<Record<string, string>>(db, `select sum(forecast_revenue) as revenue, sum(forecast_revenue_p10) as p10, sum(forecast_revenue_p90) as p90,
      sum(existing_revenue) as existing, sum(new_customer_revenue) as fresh from main.revenue_forecast where grain = 'week'`);
    const forecast = n(f!.revenue);
    const modelError = Math.abs(forecast - actual) / actual;
    const naiveError = Math.abs(yearAgo - actual) / actual;
    const backtest = await query<Record<string, string>>(db, 'select method, scope, revenue_pct_error, customer_correlation from main.clv_backtest order by backtest_id');
    console.log(`next-quarter revenue from ${asOf}: actual ${actual.toFixed(0)}, forecast ${forecast.toFixed(0)} (existing ${n(f!.existing).toFixed(0)} + new ${n(f!.fresh).toFixed(0)}; summed weekly P10–P90 ${n(f!.p10).toFixed(0)}–${n(f!.p90).toFixed(0)}), error ${(modelError * 100).toFixed(1)}%; seasonal naive ${yearAgo.toFixed(0)}, error ${(naiveError * 100).toFixed(1)}%`);
    console.log(backtest);
    expect(Number.isFinite(forecast)).toBe(true);
    expect(modelError).toBeLessThan(naiveError);
    const [months] = await query<Record<string, string>>(db, "select count(*) as n from main.revenue_forecast where grain = 'month'");
    expect(n(months!.n)).toBeGreaterThanOrEqual(3);
  });
});
