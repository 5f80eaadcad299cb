// The fitted model against simple baselines on the same held-out window (the last clv_backtest_weeks
// weeks before the as-of date): refit on earlier data only, forecast the window, compare with what
// happened. Scopes: existing customers (model vs each customer repeating their past rate) and store
// total (model + new-customer baseline vs store-level seasonal naive).
import { fitGammaGamma, conditionalExpectedSpend, purchaseModels, toRfmData, weightedCorrelation, type FitOptions, type FitResult, type GammaGammaFit, type GammaGammaOptions, type GammaGammaParams, type Params, type PurchaseModelName, type RfmData, type SpendTuple } from '../../stats/index.js';
import { defineModel } from '../../runner/typescript-model.js';
import { DAYS_PER_WEEK, ifAliveByPair, newCustomerBaseline, num, storeBaseline, weeklyRevenue } from './_clv.js';
import { inputHash, inputText, previousRows, warmStart } from './_previous-fit.js';
import { inWorker, serveJobs } from './_worker.js';

// With CLV_TS_MODEL_WORKERS=1 the refits run on worker threads (_worker.ts), purchase and spend at once.
const jobs = {
  purchase: ({ name, data, options }: { name: PurchaseModelName; data: RfmData; options: FitOptions }): FitResult<Params> => purchaseModels[name].fit(data, options),
  spend: ({ rows, options }: { rows: SpendTuple[]; options: GammaGammaOptions }): GammaGammaFit => fitGammaGamma(rows, options),
};
serveJobs(jobs);

interface Group { x: number; tx: number; T: number; mbar: number; actual: number; n: number; revenue: number }

export default defineModel({
  refs: ['clv_backtest_tuples', 'clv_weekly_cohort_revenue', 'clv_customer_rfm'],
  config: {
    materialized: 'table',
    tags: ['predictive'],
    columns: {
      backtest_id: 'varchar', method: 'varchar', scope: 'varchar', calibration_end: 'date', holdout_end: 'date', holdout_weeks: 'integer',
      customers: 'double', predicted_orders: 'double', actual_orders: 'double', orders_pct_error: 'double',
      predicted_revenue: 'double', actual_revenue: 'double', revenue_pct_error: 'double', customer_correlation: 'double', customer_mae: 'double',
      params_json: 'varchar', spend_params_json: 'varchar', input_hash: 'varchar', inverse_hessian_json: 'varchar',
    },
  },
  async run(ctx) {
    const weeks = num(ctx.var('clv_backtest_weeks', 13));
    const name = String(ctx.var('clv_model', 'bgnbd')) as PurchaseModelName;
    const model = purchaseModels[name];
    const [dates] = await ctx.ref('clv_customer_rfm').query('select cast(min(backtest_as_of_date) as varchar) as calibration_end, cast(min(as_of_date) as varchar) as holdout_end from {{ this }}');
    // Ordered, so the same data gives the same input hash and the same summation order in the fit.
    const input = await ctx.ref('clv_backtest_tuples').query('select * from {{ this }} where t_days > 0 order by x, t_x_days, t_days, mbar, holdout_purchase_days');
    const groups: Group[] = input.map((r) => ({
      x: num(r.x), tx: num(r.t_x_days) / DAYS_PER_WEEK, T: num(r.t_days) / DAYS_PER_WEEK, mbar: num(r.mbar),
      actual: num(r.holdout_purchase_days), n: num(r.customers), revenue: num(r.holdout_revenue),
    }));
    if (groups.length === 0) {
      ctx.log.warn(`no customers before the backtest cut (${weeks} weeks before the as-of date): no backtest`);
      return [];
    }
    const hash = inputHash(inputText(input, ['x', 't_x_days', 't_days', 'mbar', 'customers']), { model: name });
    const previous = (await previousRows(ctx, 'backtest_id', 'select * from {{ this }}')).get(`${name}:existing_customers`);
    /** The purchase and spend fits on the earlier data: the previous build's when its input is the same. */
    const fitBoth = async (gs: Group[]): Promise<{ params: Params; spend: GammaGammaParams; converged: boolean; status: string; inverseHessian?: number[][] }> => {
      if (previous && previous.input_hash === hash && previous.spend_params_json) {
        const inverseHessian = previous.inverse_hessian_json ? (JSON.parse(String(previous.inverse_hessian_json)) as number[][]) : undefined;
        return { params: JSON.parse(String(previous.params_json)), spend: JSON.parse(String(previous.spend_params_json)), converged: true, status: 'converged', inverseHessian };
      }
      const start = warmStart(previous && { ...previous, converged: previous.input_hash !== null && previous.input_hash !== undefined });
      const data = toRfmData(fitTuples(gs));
      const spendRows = gs.filter((g) => g.x > 0 && g.mbar > 0).map((g) => ({ x: g.x, mbar: g.mbar, weight: g.n }));
      const spendStart = previous?.spend_params_json ? (JSON.parse(String(previous.spend_params_json)) as Record<string, number>) : undefined;
      // Both started before either is awaited; a purchase-fit error is thrown once the spend fit is settled.
      const purchaseJob = inWorker(import.meta.url, jobs, 'purchase', { name, data, options: start ?? {} }, data.size);
      const spendJob = inWorker(import.meta.url, jobs, 'spend', { rows: spendRows, options: spendStart ? { start: spendStart } : {} }, spendRows.length);
      const [purchaseSettled, spendSettled] = await Promise.allSettled([purchaseJob, spendJob]);
      if (purchaseSettled.status === 'rejected') throw purchaseSettled.reason;
      if (spendSettled.status === 'rejected') throw spendSettled.reason;
      const [purchase, spend] = [purchaseSettled.value, spendSettled.value];
      return { params: purchase.params, spend: spend.params, converged: purchase.converged && spend.converged, status: purchase.converged ? spend.status : purchase.status, inverseHessian: purchase.inverseHessian };
    };
    const fit = await fitBoth(groups);
    if (!fit.converged) ctx.log.warn(`backtest ${name} fit: ${fit.status}`);

    const base = { calibration_end: dates?.calibration_end ?? null, holdout_end: dates?.holdout_end ?? null, holdout_weeks: weeks };
    const rows: Record<string, unknown>[] = [];
    const score = (method: string, predict: (g: Group, i: number) => { orders: number; revenue: number }, params: object | null = null) => {
      const predicted = groups.map(predict);
      const w = groups.map((g) => g.n);
      const po = predicted.reduce((s, p, i) => s + p.orders * w[i]!, 0);
      const pr = predicted.reduce((s, p, i) => s + p.revenue * w[i]!, 0);
      const ao = groups.reduce((s, g) => s + g.actual * g.n, 0);
      const ar = groups.reduce((s, g) => s + g.revenue, 0);
      const customers = w.reduce((s, v) => s + v, 0);
      const mae = groups.reduce((s, g, i) => s + Math.abs(predicted[i]!.orders - g.actual) * g.n, 0) / customers;
      const corr = weightedCorrelation(predicted.map((p) => p.orders), groups.map((g) => g.actual), w);
      rows.push({ backtest_id: `${method}:existing_customers`, method, scope: 'existing_customers', ...base, customers, predicted_orders: po, actual_orders: ao, orders_pct_error: pct(po, ao), predicted_revenue: pr, actual_revenue: ar, revenue_pct_error: pct(pr, ar), customer_correlation: corr, customer_mae: mae, params_json: params && JSON.stringify(params) });
      return { orders: po, revenue: pr };
    };
    // E[Y | alive] once per distinct (x, T), times P(alive): model.expectedPurchases' own arithmetic
    const ifAlive = ifAliveByPair(model, fit.params, groups)(weeks);
    const modelTotals = score(name, (g, i) => {
      const orders = ifAlive[i]! * model.pAlive(fit.params, g.x, g.tx, g.T);
      return { orders, revenue: orders * conditionalExpectedSpend(fit.spend, g.x, g.mbar) };
    }, fit.params);
    // A converged fit is stored with its input hash; the next build with the same input reuses it.
    Object.assign(rows[0]!, { spend_params_json: JSON.stringify(fit.spend), input_hash: fit.converged ? hash : null, inverse_hessian_json: fit.inverseHessian ? JSON.stringify(fit.inverseHessian) : null });
    const rateTotals = score('past_rate', (g) => {
      const orders = (g.x / g.T) * weeks;
      return { orders, revenue: orders * (g.x > 0 ? g.mbar : 0) };
    });

    // Store totals over the held-out weeks: shift week offsets so the backtest cut is the origin.
    const series = weeklyRevenue(await ctx.ref('clv_weekly_cohort_revenue').rows(), weeks);
    let actualOrders = 0, actualRevenue = 0, newOrders = 0, newRevenue = 0, naiveOrders = 0, naiveRevenue = 0;
    let naiveMethod = '';
    for (let h = 1; h <= weeks; h++) {
      const cell = series.total.get(h - 1) ?? { orders: 0, revenue: 0 };
      actualOrders += cell.orders;
      actualRevenue += cell.revenue;
      const fresh = newCustomerBaseline(series, h, weeks);
      newOrders += fresh.orders;
      newRevenue += fresh.revenue;
      const naive = storeBaseline(series, h, weeks);
      naiveOrders += naive.orders;
      naiveRevenue += naive.revenue;
      naiveMethod = naive.method;
    }
    const total = (method: string, orders: number, revenue: number) =>
      rows.push({ backtest_id: `${method}:store_total`, method, scope: 'store_total', ...base, customers: null, predicted_orders: orders, actual_orders: actualOrders, orders_pct_error: pct(orders, actualOrders), predicted_revenue: revenue, actual_revenue: actualRevenue, revenue_pct_error: pct(revenue, actualRevenue), customer_correlation: null, customer_mae: null });
    total(`${name}+new_customer_baseline`, modelTotals.orders + newOrders, modelTotals.revenue + newRevenue);
    total('past_rate+new_customer_baseline', rateTotals.orders + newOrders, rateTotals.revenue + newRevenue);
    total(`store_${naiveMethod.startsWith('seasonal') ? 'seasonal_naive' : 'naive'}`, naiveOrders, naiveRevenue);
    const errors = rows.filter((r) => r.scope === 'store_total').map((r) => `${r.method} ${(num(r.revenue_pct_error) * 100).toFixed(1)}%`);
    ctx.log.info(`backtest revenue error over ${weeks} weeks: ${errors.join(', ')}`);
    return rows;
  },
});

/** The purchase models see (x, t_x, T) only: merge the rows that differ in spend or holdout actuals. The
 * input is ordered by (x, t_x, T), so equal tuples are neighbours and merge without a lookup; an input in
 * another order falls back to merging by key, with the same tuples in the same first-seen order. */
function fitTuples(groups: Group[]): { x: number; tx: number; T: number; weight: number }[] {
  const tuples: { x: number; tx: number; T: number; weight: number }[] = [];
  let last: { x: number; tx: number; T: number; weight: number } | undefined;
  for (const g of groups) {
    if (last && g.x === last.x && g.tx === last.tx && g.T === last.T) {
      last.weight += g.n;
      continue;
    }
    if (last && (g.x < last.x || (g.x === last.x && (g.tx < last.tx || (g.tx === last.tx && g.T < last.T))))) return fitTuplesByKey(groups);
    last = { x: g.x, tx: g.tx, T: g.T, weight: g.n };
    tuples.push(last);
  }
  return tuples;
}

function fitTuplesByKey(groups: Group[]): { x: number; tx: number; T: number; weight: number }[] {
  const byKey = new Map<string, { x: number; tx: number; T: number; weight: number }>();
  for (const g of groups) {
    const key = `${g.x}|${g.tx}|${g.T}`;
    const tuple = byKey.get(key);
    if (tuple) tuple.weight += g.n;
    else byKey.set(key, { x: g.x, tx: g.tx, T: g.T, weight: g.n });
  }
  return [...byKey.values()];
}

function pct(predicted: number, actual: number): number | null {
  return actual === 0 ? null : (predicted - actual) / actual;
}
