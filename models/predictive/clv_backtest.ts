// The fitted model against simple baselines on the same held-out window (the last clv_backtest_weeks
// weeks before the as-of date): refit on earlier data only, forecast the window, compare with what
// happened. Scopes: existing customers (model vs each customer repeating their past rate) and store
// total (model + new-customer baseline vs store-level seasonal naive).
import { calibrationByFrequencyColumns, fitGammaGamma, conditionalExpectedSpend, purchaseModels, rfmDataFromColumns, weightedCorrelation, type FitOptions, type FitResult, type GammaGammaFit, type GammaGammaOptions, type GammaGammaParams, type Params, type PurchaseModelName, type RfmData, type SpendTuple } from '../../stats/index.js';
import { defineModel } from '../../runner/typescript-model.js';
import { DAYS_PER_WEEK, ifAliveByPair, newCustomerBaseline, num, numbers, storeBaseline, weeklyRevenue, WEEKLY_REVENUE_SQL } from './_clv.js';
import { inputHash, inputText, previousRows, warmStart } from './_previous-fit.js';
import { inWorker, serveJobs } from './_worker.js';

// With CLV_TS_MODEL_WORKERS=1 the refits run on worker threads (_worker.ts), purchase and spend at once.
const jobs = {
  purchase: ({ name, data, options }: { name: PurchaseModelName; data: RfmData; options: FitOptions }): FitResult<Params> => purchaseModels[name].fit(data, options),
  spend: ({ rows, options }: { rows: SpendTuple[]; options: GammaGammaOptions }): GammaGammaFit => fitGammaGamma(rows, options),
};
serveJobs(jobs);

/** The backtest's input column-wise: row i is one (x, t_x, T, m̄, holdout) group of `n` customers. */
interface Groups { size: number; x: Float64Array; tx: Float64Array; T: Float64Array; mbar: Float64Array; actual: Float64Array; n: Float64Array; revenue: Float64Array }

export default defineModel({
  refs: ['clv_backtest_tuples', 'clv_weekly_cohort_revenue', 'clv_customer_rfm'],
  config: {
    materialized: 'table',
    tags: ['predictive'],
    columns: {
      backtest_id: 'varchar', method: 'varchar', scope: 'varchar', calibration_end: 'date', holdout_end: 'date', holdout_weeks: 'integer',
      customers: 'double', predicted_orders: 'double', actual_orders: 'double', orders_pct_error: 'double',
      predicted_revenue: 'double', actual_revenue: 'double', revenue_pct_error: 'double', customer_correlation: 'double', customer_mae: 'double',
      params_json: 'varchar', spend_params_json: 'varchar', input_hash: 'varchar', inverse_hessian_json: 'varchar', calibration_json: 'varchar',
    },
  },
  async run(ctx) {
    const weeks = num(ctx.var('clv_backtest_weeks', 13));
    const name = String(ctx.var('clv_model', 'bgnbd')) as PurchaseModelName;
    const model = purchaseModels[name];
    const [dates] = await ctx.ref('clv_customer_rfm').query('select cast(min(backtest_as_of_date) as varchar) as calibration_end, cast(min(as_of_date) as varchar) as holdout_end from {{ this }}');
    // Ordered, so the same data gives the same input hash and the same summation order in the fit.
    const input = await ctx.ref('clv_backtest_tuples').columns('select * from {{ this }} where t_days > 0 order by x, t_x_days, t_days, mbar, holdout_purchase_days');
    const weeksOf = (name: string) => numbers(input, name).map((days) => days / DAYS_PER_WEEK);
    const groups: Groups = {
      size: input.length, x: numbers(input, 'x'), tx: weeksOf('t_x_days'), T: weeksOf('t_days'), mbar: numbers(input, 'mbar'),
      actual: numbers(input, 'holdout_purchase_days'), n: numbers(input, 'customers'), revenue: numbers(input, 'holdout_revenue'),
    };
    if (groups.size === 0) {
      ctx.log.warn(`no customers before the backtest cut (${weeks} weeks before the as-of date): no backtest`);
      return [];
    }
    const hash = inputHash(inputText(input, ['x', 't_x_days', 't_days', 'mbar', 'customers']), { model: name });
    const previous = (await previousRows(ctx, 'backtest_id', 'select * from {{ this }}')).get(`${name}:existing_customers`);
    /** The purchase and spend fits on the earlier data: the previous build's when its input is the same. */
    const fitBoth = async (gs: Groups): Promise<{ params: Params; spend: GammaGammaParams; converged: boolean; status: string; inverseHessian?: number[][] }> => {
      if (previous && previous.input_hash === hash && previous.spend_params_json) {
        const inverseHessian = previous.inverse_hessian_json ? (JSON.parse(String(previous.inverse_hessian_json)) as number[][]) : undefined;
        return { params: JSON.parse(String(previous.params_json)), spend: JSON.parse(String(previous.spend_params_json)), converged: true, status: 'converged', inverseHessian };
      }
      const start = warmStart(previous && { ...previous, converged: previous.input_hash !== null && previous.input_hash !== undefined });
      const data = fitTuples(gs);
      const spendRows: SpendTuple[] = [];
      for (let i = 0; i < gs.size; i++) if (gs.x[i]! > 0 && gs.mbar[i]! > 0) spendRows.push({ x: gs.x[i]!, mbar: gs.mbar[i]!, weight: gs.n[i]! });
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
    /** `predict(i)` sets orders[i] and revenue[i]: one group's predicted orders and revenue per customer. */
    const score = (method: string, predict: (i: number, orders: Float64Array, revenue: Float64Array) => void, params: object | null = null) => {
      const { size, actual, n: w } = groups;
      const orders = new Float64Array(size), revenue = new Float64Array(size);
      for (let i = 0; i < size; i++) predict(i, orders, revenue);
      // Left-to-right sums from 0, one per figure, as the reductions over row objects added them.
      let po = 0, pr = 0, ao = 0, ar = 0, customers = 0, absError = 0;
      for (let i = 0; i < size; i++) po += orders[i]! * w[i]!;
      for (let i = 0; i < size; i++) pr += revenue[i]! * w[i]!;
      for (let i = 0; i < size; i++) ao += actual[i]! * w[i]!;
      for (let i = 0; i < size; i++) ar += groups.revenue[i]!;
      for (let i = 0; i < size; i++) customers += w[i]!;
      for (let i = 0; i < size; i++) absError += Math.abs(orders[i]! - actual[i]!) * w[i]!;
      const mae = absError / customers;
      const corr = weightedCorrelation(orders, actual, w);
      // The calibration plot's buckets from these same predictions: clv_calibration expands them into rows
      // instead of scoring the backtest customers a second time.
      const calibration = JSON.stringify(calibrationByFrequencyColumns(groups.x, orders, actual, w));
      rows.push({ backtest_id: `${method}:existing_customers`, method, scope: 'existing_customers', ...base, customers, predicted_orders: po, actual_orders: ao, orders_pct_error: pct(po, ao), predicted_revenue: pr, actual_revenue: ar, revenue_pct_error: pct(pr, ar), customer_correlation: corr, customer_mae: mae, params_json: params && JSON.stringify(params), calibration_json: calibration });
      return { orders: po, revenue: pr };
    };
    // E[Y | alive] once per distinct (x, T), times P(alive): model.expectedPurchases' own arithmetic
    const { x, tx, T, mbar } = groups;
    const ifAlive = ifAliveByPair(model, fit.params, x, T)(weeks);
    const modelTotals = score(name, (i, orders, revenue) => {
      orders[i] = ifAlive[i]! * model.pAlive(fit.params, x[i]!, tx[i]!, T[i]!);
      revenue[i] = orders[i]! * conditionalExpectedSpend(fit.spend, x[i]!, mbar[i]!);
    }, fit.params);
    // A converged fit is stored with its input hash; the next build with the same input reuses it.
    Object.assign(rows[0]!, { spend_params_json: JSON.stringify(fit.spend), input_hash: fit.converged ? hash : null, inverse_hessian_json: fit.inverseHessian ? JSON.stringify(fit.inverseHessian) : null });
    const rateTotals = score('past_rate', (i, orders, revenue) => {
      orders[i] = (x[i]! / T[i]!) * weeks;
      revenue[i] = orders[i]! * (x[i]! > 0 ? mbar[i]! : 0);
    });

    // Store totals over the held-out weeks: shift week offsets so the backtest cut is the origin.
    const series = weeklyRevenue(await ctx.ref('clv_weekly_cohort_revenue').columns(WEEKLY_REVENUE_SQL), weeks);
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
function fitTuples(gs: Groups): RfmData {
  const x: number[] = [], tx: number[] = [], T: number[] = [], weight: number[] = [];
  for (let i = 0; i < gs.size; i++) {
    const k = x.length - 1;
    if (k >= 0 && gs.x[i] === x[k] && gs.tx[i] === tx[k] && gs.T[i] === T[k]) {
      weight[k]! += gs.n[i]!;
      continue;
    }
    if (k >= 0 && (gs.x[i]! < x[k]! || (gs.x[i] === x[k] && (gs.tx[i]! < tx[k]! || (gs.tx[i] === tx[k] && gs.T[i]! < T[k]!))))) return fitTuplesByKey(gs);
    x.push(gs.x[i]!);
    tx.push(gs.tx[i]!);
    T.push(gs.T[i]!);
    weight.push(gs.n[i]!);
  }
  return rfmDataFromColumns(Float64Array.from(x), Float64Array.from(tx), Float64Array.from(T), Float64Array.from(weight));
}

function fitTuplesByKey(gs: Groups): RfmData {
  const byKey = new Map<string, number>();
  const x: number[] = [], tx: number[] = [], T: number[] = [], weight: number[] = [];
  for (let i = 0; i < gs.size; i++) {
    const key = `${gs.x[i]}|${gs.tx[i]}|${gs.T[i]}`;
    const k = byKey.get(key);
    if (k !== undefined) weight[k]! += gs.n[i]!;
    else {
      byKey.set(key, x.length);
      x.push(gs.x[i]!);
      tx.push(gs.tx[i]!);
      T.push(gs.T[i]!);
      weight.push(gs.n[i]!);
    }
  }
  return rfmDataFromColumns(Float64Array.from(x), Float64Array.from(tx), Float64Array.from(T), Float64Array.from(weight));
}

function pct(predicted: number, actual: number): number | null {
  return actual === 0 ? null : (predicted - actual) / actual;
}
