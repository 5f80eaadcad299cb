// Helpers shared by the predictive TypeScript models (a `_`-prefixed file is a module, not a DAG node).
// Time unit inside the models: weeks (clv.md uses weeks; months are 4.345 weeks).
import { purchaseModels, type Params, type PurchaseModel, type PurchaseModelName, type GammaGammaParams } from '../../stats/index.js';
import type { ModelColumns, ModelContext } from '../../runner/typescript-model.js';

export const WEEKS_PER_MONTH = 4.345;
export const DAYS_PER_WEEK = 7;

export interface SelectedFit {
  model: PurchaseModel;
  params: Params;
  spend: GammaGammaParams;
}

/**
 * The selected purchase model and the spend model from clv_model_fit; undefined when it fitted nothing
 * because no customer has bought yet (a new store): the caller then predicts nothing, with a warning.
 */
export async function selectedFit(ctx: ModelContext): Promise<SelectedFit | undefined> {
  const rows = await ctx.ref('clv_model_fit').query('select model, role, is_selected, params_json from {{ this }}');
  if (rows.length === 0) {
    ctx.log.warn('clv_model_fit fitted nothing (no customer with a purchase before the as-of date): nothing to predict');
    return undefined;
  }
  const purchase = rows.find((row) => row.role === 'purchase' && (row.is_selected === true || row.is_selected === 'true'));
  const spend = rows.find((row) => row.role === 'spend');
  if (!purchase || !spend) throw new Error('clv_model_fit has no selected purchase model or no spend model (see its warnings)');
  return {
    model: purchaseModels[String(purchase.model) as PurchaseModelName],
    params: JSON.parse(String(purchase.params_json)) as Params,
    spend: JSON.parse(String(spend.params_json)) as GammaGammaParams,
  };
}

export const num = (value: unknown): number => Number(value);

/** A column read with columns() as numbers (num of each value), without copying one that already is. */
export function numbers(data: ModelColumns, name: string): Float64Array {
  const values = data.columns[name];
  if (!values) throw new Error(`column '${name}' is not in the query's answer (columns: ${data.names.join(', ')})`);
  return values instanceof Float64Array ? values : Float64Array.from(values, num);
}

/**
 * E[Y(t) | alive] of each tuple, evaluated once per distinct (x, T): the models' conditional expectation
 * depends on nothing else (PurchaseModel.expectedPurchasesIfAlive), and at 100k customers 80k tuples share
 * ~20k (x, T) pairs, so a horizon costs one evaluation (a ₂F₁ for BG/NBD) per pair, not per tuple. A
 * horizon asked for twice is served from the cache. E[Y(t)] = this × P(alive), exactly as the models'
 * expectedPurchases multiply it, so the figures are the same bits. `xs[i]`, `Ts[i]`: tuple i.
 */
export function ifAliveByPair(model: PurchaseModel, params: Params, xs: ArrayLike<number>, Ts: ArrayLike<number>): (t: number) => Float64Array {
  const n = xs.length;
  const pairOf = new Int32Array(n);
  const pairX: number[] = [];
  const pairT: number[] = [];
  // x → T → pair: number keys, no key string per tuple (Map's SameValueZero equals the old `${x}|${T}` key)
  const index = new Map<number, Map<number, number>>();
  for (let i = 0; i < n; i++) {
    const x = xs[i]!, T = Ts[i]!;
    let byT = index.get(x);
    if (!byT) index.set(x, (byT = new Map()));
    let k = byT.get(T);
    if (k === undefined) {
      k = pairX.length;
      pairX.push(x);
      pairT.push(T);
      byT.set(T, k);
    }
    pairOf[i] = k;
  }
  const cache = new Map<number, Float64Array>();
  return (t) => {
    let values = cache.get(t);
    if (!values) {
      const perPair = new Float64Array(pairX.length);
      for (let k = 0; k < perPair.length; k++) perPair[k] = model.expectedPurchasesIfAlive(params, t, pairX[k]!, pairT[k]!);
      values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = perPair[pairOf[i]!]!;
      cache.set(t, values);
    }
    return values;
  };
}

/** Σ E[M] over the customers of one (x, t_x, T) tuple: E[M] is linear in m̄ for a given x (clv.md §3). */
export function tupleSpend(spend: GammaGammaParams, x: number, customers: number, sumMbar: number): number {
  const { p, q, gamma } = spend;
  if (x === 0) return (customers * p * gamma) / (q - 1);
  return (p * (gamma * customers + x * sumMbar)) / (p * x + q - 1);
}

/**
 * Future purchases of one customer over a window, approximated as a mixture: none with probability
 * 1 − P(alive); otherwise negative binomial with mean E[Y | alive] and shape r + x (the Gamma posterior
 * of the purchase rate). Used for P10–P90 ranges and forecast variances; it ignores dropout inside the
 * window beyond what the mean already carries, so ranges are slightly wide for long horizons.
 */
export interface PurchaseMixture {
  pAlive: number;
  meanIfAlive: number;
  shape: number;
}

export function mixtureVariance({ pAlive, meanIfAlive: mu, shape }: PurchaseMixture): number {
  const second = mu + (mu * mu) / shape + mu * mu;
  return pAlive * second - (pAlive * mu) ** 2;
}

/** Smallest n with P(Y ≤ n) ≥ q for each requested q (ascending), written into `out` when given (scoring
 * reuses one array for every tuple). */
export function mixtureQuantiles({ pAlive, meanIfAlive: mu, shape }: PurchaseMixture, qs: number[], out: number[] = []): number[] {
  out.length = 0;
  const prob = shape / (shape + mu); // NB success probability
  let term = Math.pow(prob, shape); // P(N = 0)
  let cdf = 1 - pAlive + pAlive * term;
  let n = 0;
  for (const q of qs) {
    while (cdf < q && n < 100_000) {
      term *= ((shape + n) / (n + 1)) * (1 - prob);
      n++;
      cdf += pAlive * term;
    }
    out.push(n);
  }
  return out;
}

/** Revenue by week_offset (weeks from the origin; -1 = last week before it) for all customers and for
 * customers acquired at or after `cohortFrom`. */
export interface WeeklyRevenue {
  total: Map<number, { orders: number; revenue: number }>;
  minOffset: number;
  newSince(cohortFrom: number, week: number): { orders: number; revenue: number };
}

/** clv_weekly_cohort_revenue as weeklyRevenue reads it: ordered, so its sums add up in the same order every build. */
export const WEEKLY_REVENUE_SQL = 'select week_offset, cohort_week_offset, orders, revenue from {{ this }} order by week_offset, cohort_week_offset';

/** `data`: clv_weekly_cohort_revenue read with columns(WEEKLY_REVENUE_SQL). */
export function weeklyRevenue(data: ModelColumns, shift = 0): WeeklyRevenue {
  const total = new Map<number, { orders: number; revenue: number }>();
  const [week, cohort, orders, revenue] = ['week_offset', 'cohort_week_offset', 'orders', 'revenue'].map((name) => numbers(data, name)) as [Float64Array, Float64Array, Float64Array, Float64Array];
  const cells = Array.from(week, (w, i) => ({ week: w + shift, cohort: cohort[i]! + shift, orders: orders[i]!, revenue: revenue[i]! }));
  let minOffset = 0;
  for (const c of cells) {
    const t = total.get(c.week) ?? { orders: 0, revenue: 0 };
    t.orders += c.orders;
    t.revenue += c.revenue;
    total.set(c.week, t);
    minOffset = Math.min(minOffset, c.week);
  }
  return {
    total,
    minOffset,
    newSince(cohortFrom, week) {
      let orders = 0;
      let revenue = 0;
      for (const c of cells) if (c.week === week && c.cohort >= cohortFrom) { orders += c.orders; revenue += c.revenue; }
      return { orders, revenue };
    },
  };
}

/**
 * Seasonal-naive revenue from customers not yet acquired at the origin, for forecast week h (1-based):
 * what customers acquired since the same origin a year (52 weeks) earlier spent in week h − 52. With
 * less than a year of history: the average weekly revenue of the last `horizon` weeks' new customers.
 */
export function newCustomerBaseline(series: WeeklyRevenue, h: number, horizon: number): { orders: number; revenue: number; method: string } {
  const week = h - 1 - 52;
  if (series.minOffset <= -52) return { ...series.newSince(-52, week), method: 'seasonal naive (52 weeks)' };
  let orders = 0;
  let revenue = 0;
  for (let w = -horizon; w < 0; w++) {
    const cell = series.newSince(-horizon, w);
    orders += cell.orders;
    revenue += cell.revenue;
  }
  return { orders: orders / horizon, revenue: revenue / horizon, method: `naive mean of the last ${horizon} weeks` };
}

/** Store-level seasonal naive for all revenue in forecast week h; naive repeat of the last weeks otherwise. */
export function storeBaseline(series: WeeklyRevenue, h: number, horizon: number): { orders: number; revenue: number; method: string } {
  if (series.minOffset <= -52) return { ...(series.total.get(h - 1 - 52) ?? { orders: 0, revenue: 0 }), method: 'seasonal naive (52 weeks)' };
  const cell = series.total.get(h - 1 - horizon) ?? { orders: 0, revenue: 0 };
  return { ...cell, method: `naive (previous ${horizon} weeks)` };
}
