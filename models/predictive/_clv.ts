// Helpers shared by the predictive TypeScript models (a `_`-prefixed file is a module, not a DAG node).
// Time unit inside the models: weeks (clv.md uses weeks; months are 4.345 weeks).
import { purchaseModels, type Params, type PurchaseModel, type PurchaseModelName, type GammaGammaParams } from '../../stats/index.js';
import type { ModelContext, ModelRow } from '../../runner/typescript-model.js';

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

/**
 * E[Y(t) | alive] of each tuple, evaluated once per distinct (x, T): the models' conditional expectation
 * depends on nothing else (PurchaseModel.expectedPurchasesIfAlive), and at 100k customers 80k tuples share
 * ~20k (x, T) pairs, so a horizon costs one evaluation (a ₂F₁ for BG/NBD) per pair, not per tuple. A
 * horizon asked for twice is served from the cache. E[Y(t)] = this × P(alive), exactly as the models'
 * expectedPurchases multiply it, so the figures are the same bits.
 */
export function ifAliveByPair(model: PurchaseModel, params: Params, tuples: readonly { x: number; T: number }[]): (t: number) => Float64Array {
  const pairOf = new Int32Array(tuples.length);
  const pairs: { x: number; T: number }[] = [];
  const index = new Map<string, number>();
  tuples.forEach(({ x, T }, i) => {
    const key = `${x}|${T}`;
    let k = index.get(key);
    if (k === undefined) {
      k = pairs.length;
      pairs.push({ x, T });
      index.set(key, k);
    }
    pairOf[i] = k;
  });
  const cache = new Map<number, Float64Array>();
  return (t) => {
    let values = cache.get(t);
    if (!values) {
      const perPair = pairs.map(({ x, T }) => model.expectedPurchasesIfAlive(params, t, x, T));
      values = Float64Array.from(pairOf, (k) => perPair[k]!);
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

/** Smallest n with P(Y ≤ n) ≥ q for each requested q (ascending). */
export function mixtureQuantiles({ pAlive, meanIfAlive: mu, shape }: PurchaseMixture, qs: number[]): number[] {
  const out: number[] = [];
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

export function weeklyRevenue(rows: ModelRow[], shift = 0): WeeklyRevenue {
  const total = new Map<number, { orders: number; revenue: number }>();
  const cells = rows.map((row) => ({ week: num(row.week_offset) + shift, cohort: num(row.cohort_week_offset) + shift, orders: num(row.orders), revenue: num(row.revenue) }));
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
