// Scores each distinct (x, t_x, T) tuple with the selected purchase model: P(alive), expected purchases
// in the next 90 days and 12 months with a P10–P90 range, discounted 12-month purchases (CLV per unit of
// expected order value, monthly discounting) and the usual days between orders. customer_clv joins back.
import { discountedClv } from '../../stats/index.js';
import { defineModel } from '../../runner/typescript-model.js';
import { DAYS_PER_WEEK, WEEKS_PER_MONTH, ifAliveByPair, mixtureQuantiles, num, selectedFit } from './_clv.js';

const QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9];

export default defineModel({
  refs: ['clv_rfm_tuples', 'clv_model_fit'],
  config: {
    materialized: 'table',
    tags: ['predictive'],
    columns: {
      x: 'integer', t_x_days: 'integer', t_days: 'integer', customers: 'integer', p_alive: 'double',
      expected_purchases_90d: 'double', expected_purchases_12m: 'double', discounted_purchases_12m: 'double',
      purchases_12m_p10: 'integer', purchases_12m_p25: 'integer', purchases_12m_p50: 'integer', purchases_12m_p75: 'integer', purchases_12m_p90: 'integer',
      expected_days_between_orders: 'double',
    },
  },
  async run(ctx) {
    const fit = await selectedFit(ctx);
    if (!fit) return [];
    const { model, params } = fit;
    const discountRate = num(ctx.var('clv_monthly_discount_rate', 0.01));
    const months = num(ctx.var('clv_horizon_months', 12));
    const year = months * WEEKS_PER_MONTH;
    const quarter = 90 / DAYS_PER_WEEK;
    const rows = await ctx.ref('clv_rfm_tuples').query('select x, t_x_days, t_days, customers from {{ this }}');
    const ifAlive = ifAliveByPair(model, params, rows.map((row) => ({ x: num(row.x), T: num(row.t_days) / DAYS_PER_WEEK })));
    return rows.map((row, i) => {
      const x = num(row.x);
      const tx = num(row.t_x_days) / DAYS_PER_WEEK;
      const T = num(row.t_days) / DAYS_PER_WEEK;
      // E[Y(t)] = E[Y(t) | alive] · P(alive), exactly as the models compute it, with P(alive) once per tuple.
      const pAlive = model.pAlive(params, x, tx, T);
      const ey = (t: number) => ifAlive(t)[i]! * pAlive;
      const ey12 = ey(year);
      const [p10, p25, p50, p75, p90] = mixtureQuantiles({ pAlive, meanIfAlive: pAlive > 0 ? ey12 / pAlive : 0, shape: params.r! + x }, QUANTILES);
      return {
        x, t_x_days: num(row.t_x_days), t_days: num(row.t_days), customers: num(row.customers),
        p_alive: pAlive,
        expected_purchases_90d: ey(quarter),
        expected_purchases_12m: ey12,
        discounted_purchases_12m: discountedClv(ey, 1, { months, discountRate, periodsPerMonth: WEEKS_PER_MONTH }),
        purchases_12m_p10: p10, purchases_12m_p25: p25, purchases_12m_p50: p50, purchases_12m_p75: p75, purchases_12m_p90: p90,
        // Posterior mean purchase rate (r + x)/(α + T) per week: grows slower as T passes without a purchase.
        expected_days_between_orders: (DAYS_PER_WEEK * (params.alpha! + T)) / (params.r! + x),
      };
    });
  },
});
