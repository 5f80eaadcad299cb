// Next-quarter revenue by week: existing customers bottom-up (Σ ΔE[Y]·E[M] over the grouped tuples, with
// a variance from the per-customer purchase mixture) plus new customers from a seasonal-naive baseline.
import { defineModel } from '../../runner/typescript-model.js';
import { DAYS_PER_WEEK, ifAliveByPair, mixtureVariance, newCustomerBaseline, num, selectedFit, tupleSpend, weeklyRevenue } from './_clv.js';

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
    // P(alive) and expected order value do not change with the forecast week: once per tuple.
    const tuples = (await ctx.ref('clv_rfm_tuples').rows()).map((row) => {
      const x = num(row.x), tx = num(row.t_x_days) / DAYS_PER_WEEK, T = num(row.t_days) / DAYS_PER_WEEK, n = num(row.customers);
      return { x, tx, T, n, pAlive: model.pAlive(params, x, tx, T), aov: tupleSpend(spend, x, n, num(row.sum_mbar)) / n };
    });
    const ifAlive = ifAliveByPair(model, params, tuples);
    const series = weeklyRevenue(await ctx.ref('clv_weekly_cohort_revenue').rows());
    const start = Date.parse(`${String(asOf).slice(0, 10)}T00:00:00Z`);
    const out = [];
    const prev = tuples.map(() => 0);
    for (let h = 1; h <= horizon; h++) {
      let orders = 0, revenue = 0, ordersVar = 0, revenueVar = 0;
      const cumulativeIfAlive = ifAlive(h);
      tuples.forEach((t, i) => {
        // E[Y(h)] = E[Y(h) | alive] · P(alive), as model.expectedPurchases computes it, P(alive) once per tuple
        const cumulative = cumulativeIfAlive[i]! * t.pAlive;
        const delta = Math.max(0, cumulative - prev[i]!);
        prev[i] = cumulative;
        const { aov, pAlive } = t;
        const variance = mixtureVariance({ pAlive, meanIfAlive: pAlive > 0 ? delta / pAlive : 0, shape: params.r! + t.x });
        orders += t.n * delta;
        revenue += t.n * delta * aov;
        ordersVar += t.n * variance;
        // Order values vary around E[M] with squared CV 1/p (Gamma(p, ν) transactions).
        revenueVar += t.n * variance * aov * aov * (1 + 1 / spend.p);
      });
      const fresh = newCustomerBaseline(series, h, horizon);
      out.push({
        week_number: h, week_start: new Date(start + (h - 1) * 7 * 86_400_000).toISOString().slice(0, 10),
        existing_orders: orders, existing_revenue: revenue, existing_orders_variance: ordersVar, existing_revenue_variance: revenueVar,
        new_customer_orders: fresh.orders, new_customer_revenue: fresh.revenue, new_customer_method: fresh.method, model: model.name,
      });
    }
    return out;
  },
});
