// Scores each distinct (x, t_x, T) tuple with the selected purchase model: P(alive), expected purchases
// in the next 90 days and 12 months with a P10–P90 range, discounted 12-month purchases (CLV per unit of
// expected order value, monthly discounting) and the usual days between orders. customer_clv joins back.
import { discountCumulative, discountFactors, purchaseModels, type Params, type PurchaseModelName } from '../../stats/index.js';
import { defineModel } from '../../runner/typescript-model.js';
import { DAYS_PER_WEEK, WEEKS_PER_MONTH, ifAliveByPair, mixtureQuantiles, num, numbers, selectedFit } from './_clv.js';
import { inWorker, serveJobs } from './_worker.js';

const QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9];

interface ScoreInput {
  model: PurchaseModelName;
  params: Params;
  x: Float64Array;
  txDays: Float64Array;
  tDays: Float64Array;
  months: number;
  discountRate: number;
}

/** One column per score, tuple i in row i: plain typed arrays, cheap to hand back from a worker. */
interface Scores {
  pAlive: Float64Array;
  ey90: Float64Array;
  ey12: Float64Array;
  discounted: Float64Array;
  quantiles: Float64Array[];
  daysBetween: Float64Array;
}

function scoreTuples({ model: name, params, x: xs, txDays, tDays, months, discountRate }: ScoreInput): Scores {
  const model = purchaseModels[name];
  const n = xs.length;
  const year = months * WEEKS_PER_MONTH;
  const ifAlive = ifAliveByPair(model, params, xs, tDays.map((d) => d / DAYS_PER_WEEK));
  // discountedClv's monthly horizons k·f (k = 1…months; the last is `year`), each column looked up once
  const monthly = Array.from({ length: months }, (_, k) => ifAlive((k + 1) * WEEKS_PER_MONTH));
  const factors = discountFactors(months, discountRate);
  const cumulative = new Float64Array(months);
  const qs: number[] = [];
  const [yearIfAlive, quarterIfAlive] = [ifAlive(year), ifAlive(90 / DAYS_PER_WEEK)] as [Float64Array, Float64Array];
  const out: Scores = {
    pAlive: new Float64Array(n), ey90: new Float64Array(n), ey12: new Float64Array(n), discounted: new Float64Array(n),
    quantiles: QUANTILES.map(() => new Float64Array(n)), daysBetween: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const tx = txDays[i]! / DAYS_PER_WEEK;
    const T = tDays[i]! / DAYS_PER_WEEK;
    // E[Y(t)] = E[Y(t) | alive] · P(alive), exactly as the models compute it, with P(alive) once per tuple.
    const pAlive = model.pAlive(params, x, tx, T);
    const ey12 = yearIfAlive[i]! * pAlive;
    mixtureQuantiles({ pAlive, meanIfAlive: pAlive > 0 ? ey12 / pAlive : 0, shape: params.r! + x }, QUANTILES, qs);
    out.pAlive[i] = pAlive;
    out.ey90[i] = quarterIfAlive[i]! * pAlive;
    out.ey12[i] = ey12;
    for (let k = 0; k < months; k++) cumulative[k] = monthly[k]![i]! * pAlive;
    out.discounted[i] = discountCumulative(cumulative, 1, factors);
    for (let k = 0; k < qs.length; k++) out.quantiles[k]![i] = qs[k]!;
    // Posterior mean purchase rate (r + x)/(α + T) per week: grows slower as T passes without a purchase.
    out.daysBetween[i] = (DAYS_PER_WEEK * (params.alpha! + T)) / (params.r! + x);
  }
  return out;
}

// With CLV_TS_MODEL_WORKERS=1 scoring runs on a worker thread for large inputs (_worker.ts).
const jobs = { score: scoreTuples };
serveJobs(jobs);

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
    const tuples = await ctx.ref('clv_rfm_tuples').columns('select x, t_x_days, t_days, customers from {{ this }}');
    const [x, txDays, tDays] = [numbers(tuples, 'x'), numbers(tuples, 't_x_days'), numbers(tuples, 't_days')];
    const input: ScoreInput = { model: model.name, params, x, txDays, tDays, months, discountRate };
    const s = await inWorker(import.meta.url, jobs, 'score', input, tuples.length);
    const [p10, p25, p50, p75, p90] = s.quantiles as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    return {
      columns: {
        x, t_x_days: txDays, t_days: tDays, customers: numbers(tuples, 'customers'),
        p_alive: s.pAlive,
        expected_purchases_90d: s.ey90,
        expected_purchases_12m: s.ey12,
        discounted_purchases_12m: s.discounted,
        purchases_12m_p10: p10, purchases_12m_p25: p25, purchases_12m_p50: p50, purchases_12m_p75: p75, purchases_12m_p90: p90,
        expected_days_between_orders: s.daysBetween,
      },
    };
  },
});
