// Next-quarter revenue by week: existing customers bottom-up (Σ ΔE[Y]·E[M] over the grouped tuples, with
// a variance from the per-customer purchase mixture) plus new customers from a seasonal-naive baseline.
import { purchaseModels, type GammaGammaParams, type Params, type PurchaseModelName } from '../../stats/index.js';
import { defineModel } from '../../runner/typescript-model.js';
import { DAYS_PER_WEEK, ifAliveByPair, mixtureVariance, newCustomerBaseline, num, numbers, selectedFit, tupleSpend, weeklyRevenue, WEEKLY_REVENUE_SQL } from './_clv.js';
import { inWorker, serveJobs } from './_worker.js';

interface ForecastInput {
  model: PurchaseModelName;
  params: Params;
  spend: GammaGammaParams;
  x: Float64Array;
  txDays: Float64Array;
  tDays: Float64Array;
  customers: Float64Array;
  sumMbar: Float64Array;
  horizon: number;
}

/** Existing customers' orders and revenue (with variances) in forecast weeks 1…horizon, index h − 1. */
interface ExistingForecast {
  orders: Float64Array;
  revenue: Float64Array;
  ordersVar: Float64Array;
  revenueVar: Float64Array;
}

function forecastExisting({ model: name, params, spend, x: xs, txDays, tDays, customers, sumMbar, horizon }: ForecastInput): ExistingForecast {
  const model = purchaseModels[name];
  // P(alive) and expected order value do not change with the forecast week: once per tuple (columns).
  const size = xs.length;
  const Ts = new Float64Array(size), pAlives = new Float64Array(size), aovs = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const x = xs[i]!, tx = txDays[i]! / DAYS_PER_WEEK, T = tDays[i]! / DAYS_PER_WEEK, n = customers[i]!;
    Ts[i] = T;
    pAlives[i] = model.pAlive(params, x, tx, T);
    aovs[i] = tupleSpend(spend, x, n, sumMbar[i]!) / n;
  }
  const ifAlive = ifAliveByPair(model, params, xs, Ts);
  const out: ExistingForecast = { orders: new Float64Array(horizon), revenue: new Float64Array(horizon), ordersVar: new Float64Array(horizon), revenueVar: new Float64Array(horizon) };
  const prev = new Float64Array(size);
  for (let h = 1; h <= horizon; h++) {
    let orders = 0, revenue = 0, ordersVar = 0, revenueVar = 0;
    const cumulativeIfAlive = ifAlive(h);
    for (let i = 0; i < size; i++) {
      // E[Y(h)] = E[Y(h) | alive] · P(alive), as model.expectedPurchases computes it, P(alive) once per tuple
      const pAlive = pAlives[i]!, aov = aovs[i]!, n = customers[i]!;
      const cumulative = cumulativeIfAlive[i]! * pAlive;
      const delta = Math.max(0, cumulative - prev[i]!);
      prev[i] = cumulative;
      const variance = mixtureVariance({ pAlive, meanIfAlive: pAlive > 0 ? delta / pAlive : 0, shape: params.r! + xs[i]! });
      orders += n * delta;
      revenue += n * delta * aov;
      ordersVar += n * variance;
      // Order values vary around E[M] with squared CV 1/p (Gamma(p, ν) transactions).
      revenueVar += n * variance * aov * aov * (1 + 1 / spend.p);
    }
    out.orders[h - 1] = orders;
    out.revenue[h - 1] = revenue;
    out.ordersVar[h - 1] = ordersVar;
    out.revenueVar[h - 1] = revenueVar;
  }
  return out;
}

// With CLV_TS_MODEL_WORKERS=1 the per-tuple work runs on a worker thread for large inputs (_worker.ts).
const jobs = { existing: forecastExisting };
serveJobs(jobs);

export default defineModel({
  refs: ['clv_rfm_tuples', 'clv_model_fit', 'clv_weekly_cohort_revenue', 'clv_customer_rfm'],
  config: {
    materialized: 'table',
    tags: ['predictive'],
    columns: {
      week_number: 'integer', week_start: 'date', existing_orders: 'double', existing_revenue: 'double',
      existing_orders_variance: 'double', existing_revenue_variance: 'double', new_customer_orders: 'double',
      new_customer_revenue: 'double', new_customer_method: 'varchar', model: 'varchar',
    },
  },
  async run(ctx) {
    const fit = await selectedFit(ctx);
    if (!fit) return [];
    const { model, params, spend } = fit;
    const horizon = num(ctx.var('clv_forecast_weeks', 13));
    const [{ as_of_date: asOf }] = (await ctx.ref('clv_customer_rfm').query('select cast(min(as_of_date) as varchar) as as_of_date from {{ this }}')) as [{ as_of_date: string }];
    // Ordered, so the weekly sums over tuples add up in the same order every build (the same bits).
    const tuples = await ctx.ref('clv_rfm_tuples').columns('select x, t_x_days, t_days, customers, sum_mbar from {{ this }} order by x, t_x_days, t_days');
    const column = (name: string) => numbers(tuples, name);
    const input: ForecastInput = {
      model: model.name, params, spend, horizon,
      x: column('x'), txDays: column('t_x_days'), tDays: column('t_days'), customers: column('customers'), sumMbar: column('sum_mbar'),
    };
    const existing = await inWorker(import.meta.url, jobs, 'existing', input, tuples.length);
    const series = weeklyRevenue(await ctx.ref('clv_weekly_cohort_revenue').columns(WEEKLY_REVENUE_SQL));
    const start = Date.parse(`${String(asOf).slice(0, 10)}T00:00:00Z`);
    const out = [];
    for (let h = 1; h <= horizon; h++) {
      const fresh = newCustomerBaseline(series, h, horizon);
      out.push({
        week_number: h, week_start: new Date(start + (h - 1) * 7 * 86_400_000).toISOString().slice(0, 10),
        existing_orders: existing.orders[h - 1], existing_revenue: existing.revenue[h - 1],
        existing_orders_variance: existing.ordersVar[h - 1], existing_revenue_variance: existing.revenueVar[h - 1],
        new_customer_orders: fresh.orders, new_customer_revenue: fresh.revenue, new_customer_method: fresh.method, model: model.name,
      });
    }
    return out;
  },
});
