// One row per fit: the purchase models (the one selected by var clv_model plus those in
// clv_compare_models, compared by log-likelihood) and the Gamma-Gamma spend model, with convergence,
// bound and store-level data checks. Fit problems are warnings in the run output, never silent.
import { fitGammaGamma, purchaseModels, PURCHASE_MODELS, rfmDataFromColumns, type FitOptions, type FitResult, type GammaGammaFit, type GammaGammaOptions, type PurchaseModelName, type RfmData, type SpendTuple } from '../../stats/index.js';
import { defineModel } from '../../runner/typescript-model.js';
import { DAYS_PER_WEEK, num, numbers } from './_clv.js';
import { inputHash, inputText, previousRows, warmStart } from './_previous-fit.js';
import { inWorker, serveJobs } from './_worker.js';

// With CLV_TS_MODEL_WORKERS=1 the fits run on worker threads (_worker.ts), all at once, off the runner's thread.
const jobs = {
  purchase: ({ name, data, options }: { name: PurchaseModelName; data: RfmData; options: FitOptions }): FitResult<Record<string, number>> =>
    purchaseModels[name].fit(data, options) as FitResult<Record<string, number>>,
  spend: ({ rows, options }: { rows: SpendTuple[]; options: GammaGammaOptions }): GammaGammaFit => fitGammaGamma(rows, options),
};
serveJobs(jobs);
type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(promise: Promise<T>): Promise<Settled<T>> => promise.then((value) => ({ ok: true, value }), (error: unknown) => ({ ok: false, error }));

export default defineModel({
  refs: ['clv_rfm_tuples', 'clv_spend_tuples', 'clv_customer_rfm'],
  config: {
    materialized: 'table',
    tags: ['predictive'],
    columns: {
      fit_id: 'varchar', model: 'varchar', role: 'varchar', is_selected: 'boolean',
      r: 'double', alpha: 'double', a: 'double', b: 'double', s: 'double', beta: 'double', p: 'double', q: 'double', gamma: 'double',
      params_json: 'varchar', log_lik: 'double', converged: 'boolean', status: 'varchar', at_bound: 'varchar',
      iterations: 'integer', fit_seconds: 'double', customers: 'double', tuples: 'integer', independence_correlation: 'double',
      as_of_date: 'date', data_start_date: 'date', time_unit: 'varchar', store_has_enough_data: 'boolean', warnings: 'varchar',
      input_hash: 'varchar', is_reused: 'boolean', inverse_hessian_json: 'varchar',
    },
  },
  async run(ctx) {
    const selected = String(ctx.var('clv_model', 'bgnbd')) as PurchaseModelName;
    if (!PURCHASE_MODELS.includes(selected)) throw new Error(`var clv_model must be one of ${PURCHASE_MODELS.join(', ')}, got '${selected}'`);
    const compare = (ctx.var<string[]>('clv_compare_models', ['bgnbd', 'mbgnbd', 'pareto']) ?? []).filter((m): m is PurchaseModelName => PURCHASE_MODELS.includes(m as PurchaseModelName));
    const names = [selected, ...compare.filter((m) => m !== selected)];

    // Ordered, so the same data gives the same input hash and the same summation order (a reproducible fit).
    const tuples = await ctx.ref('clv_rfm_tuples').columns('select x, t_x_days, t_days, customers from {{ this }} where t_days > 0 order by x, t_x_days, t_days');
    const spendInput = await ctx.ref('clv_spend_tuples').columns('select x, mbar, customers from {{ this }} order by x, mbar');
    const [spendX, spendMbar, spendWeight] = [numbers(spendInput, 'x'), numbers(spendInput, 'mbar'), numbers(spendInput, 'customers')];
    const spendRows = Array.from(spendX, (x, i) => ({ x, mbar: spendMbar[i]!, weight: spendWeight[i]! }));
    const previous = await previousRows(ctx, 'fit_id', 'select * from {{ this }}');
    const [window] = await ctx.ref('clv_customer_rfm').query('select min(as_of_date) as as_of_date, min(first_order_date) as data_start_date, count(*) as customers, sum(case when x > 0 then 1 else 0 end) as repeaters from {{ this }}');
    const customers = num(window?.customers ?? 0);
    const repeaters = num(window?.repeaters ?? 0);
    const minCustomers = num(ctx.var('clv_min_customers', 200));
    const minRepeaters = num(ctx.var('clv_min_repeat_customers', 50));
    const enough = customers >= minCustomers && repeaters >= minRepeaters;
    if (!enough) ctx.log.info(`store has too little data for trustworthy predictions: ${customers} customers (need ${minCustomers}), ${repeaters} repeat customers (need ${minRepeaters}); predictions are flagged in customer_clv.prediction_quality`);

    const common = { as_of_date: window?.as_of_date ?? null, data_start_date: window?.data_start_date ?? null, time_unit: 'week', store_has_enough_data: enough };
    const rows: Record<string, unknown>[] = [];
    const record = (fit: FitResult<Record<string, number>>, role: string, isSelected: boolean, hash: string, extra: Record<string, unknown> = {}) => {
      for (const warning of fit.warnings) ctx.log.warn(`${fit.model}: ${warning}`);
      if (!fit.converged || fit.atBound.length > 0) ctx.log.warn(`${fit.model}: ${fit.status}${fit.atBound.length ? ` (at bound: ${fit.atBound.join(', ')})` : ''}`);
      rows.push({
        fit_id: `${role}:${fit.model}`, model: fit.model, role, is_selected: isSelected, ...fit.params, params_json: JSON.stringify(fit.params),
        log_lik: fit.logLik, converged: fit.converged, status: fit.status, at_bound: fit.atBound.join(','), iterations: fit.iterations,
        fit_seconds: fit.elapsedMs / 1000, customers: fit.customers, tuples: fit.tuples, warnings: fit.warnings.join('; '), ...common, ...extra,
        input_hash: hash, is_reused: false, inverse_hessian_json: fit.inverseHessian ? JSON.stringify(fit.inverseHessian) : null,
      });
    };
    /** The previous build's row for this fit when its input hash matches: same data, same fit. */
    const reuse = (fitId: string, hash: string, isSelected: boolean): boolean => {
      const prev = previous.get(fitId);
      if (!prev || prev.input_hash !== hash) return false;
      for (const warning of String(prev.warnings ?? '').split('; ').filter(Boolean)) ctx.log.warn(`${prev.model}: ${warning}`);
      rows.push({ ...prev, is_selected: isSelected, ...common, input_hash: hash, is_reused: true });
      return true;
    };
    if (tuples.length === 0) {
      ctx.log.warn('no customers with a purchase before the as-of date: nothing to fit');
      return [];
    }
    // Start every fit the previous build cannot answer, all at once, then record them in the fixed order.
    const tupleText = inputText(tuples, ['x', 't_x_days', 't_days', 'customers']);
    const weeks = (name: string) => numbers(tuples, name).map((days) => days / DAYS_PER_WEEK);
    const data = rfmDataFromColumns(numbers(tuples, 'x'), weeks('t_x_days'), weeks('t_days'), numbers(tuples, 'customers'));
    const purchaseHash = new Map(names.map((name) => [name, inputHash(tupleText, { model: name })]));
    const isReusable = (fitId: string, hash: string) => previous.get(fitId)?.input_hash === hash;
    const purchaseJobs = new Map(names.filter((name) => !isReusable(`purchase:${name}`, purchaseHash.get(name)!)).map((name) => {
      const options: FitOptions = warmStart(previous.get(`purchase:${name}`)) ?? {};
      return [name, settle(inWorker(import.meta.url, jobs, 'purchase', { name, data, options }, data.size))] as const;
    }));
    const correlationThreshold = num(ctx.var('clv_spend_correlation_threshold', 0.3));
    const spendHash = inputHash(inputText(spendInput, ['x', 'mbar', 'customers']), { model: 'gammagamma', correlationThreshold });
    const spendJob = isReusable('spend:gammagamma', spendHash)
      ? undefined
      : settle(inWorker(import.meta.url, jobs, 'spend', { rows: spendRows, options: { correlationThreshold, ...warmStart(previous.get('spend:gammagamma')) } }, spendRows.length));
    for (const name of names) {
      const hash = purchaseHash.get(name)!;
      if (reuse(`purchase:${name}`, hash, name === selected)) continue;
      const fit = await purchaseJobs.get(name)!;
      if (fit.ok) record(fit.value, 'purchase', name === selected, hash);
      else if (name === selected) throw fit.error;
      else ctx.log.warn(`${name}: fit failed (${(fit.error as Error).message}); left out of the comparison`);
    }
    const purchaseFits = rows.filter((r) => r.role === 'purchase');
    const best = purchaseFits.reduce((a, b) => (num(b.log_lik) > num(a.log_lik) ? b : a));
    ctx.log.info(`log-likelihood: ${purchaseFits.map((r) => `${r.model} ${num(r.log_lik).toFixed(2)}`).join(', ')} (best: ${best.model}; selected: ${selected})`);
    if (!reuse('spend:gammagamma', spendHash, true)) {
      const settled = await spendJob!;
      if (!settled.ok) throw settled.error;
      const spend = settled.value;
      if (!spend.independence.ok) ctx.log.warn(`gammagamma: frequency and spend are correlated (r = ${spend.independence.correlation.toFixed(2)}); expected order values are less reliable`);
      record(spend as unknown as FitResult<Record<string, number>>, 'spend', true, spendHash, { independence_correlation: spend.independence.correlation });
    }
    return rows;
  },
});
