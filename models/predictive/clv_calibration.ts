// The calibration plot of the backtest (Fader, Hardie & Lee 2005, Figure 4): customers of the backtest
// binned by their repeat purchases before the cut (0, 1, …, 7+), with mean actual and mean predicted
// purchases in the held-out weeks, for the model clv_backtest refitted on the earlier data and for the
// past-rate baseline. Reads the backtest's fitted parameters, so the model is fitted once per build.
import { calibrationByFrequency, purchaseModels, type Params, type PurchaseModelName } from '../../stats/index.js';
import { defineModel } from '../../runner/typescript-model.js';
import { DAYS_PER_WEEK, ifAliveByPair, num, numbers } from './_clv.js';

export default defineModel({
  refs: ['clv_backtest_tuples', 'clv_backtest'],
  config: {
    materialized: 'table',
    tags: ['predictive'],
    columns: {
      calibration_id: 'varchar', method: 'varchar', frequency_bucket: 'integer', frequency_label: 'varchar', customers: 'double',
      actual_purchases_mean: 'double', predicted_purchases_mean: 'double', actual_purchases: 'double', predicted_purchases: 'double',
      calibration_end: 'date', holdout_end: 'date', holdout_weeks: 'integer', as_of_date: 'date',
    },
  },
  async run(ctx) {
    const [fitted] = await ctx.ref('clv_backtest').query(`select method, params_json, cast(calibration_end as varchar) as calibration_end,
      cast(holdout_end as varchar) as holdout_end, holdout_weeks from {{ this }} where scope = 'existing_customers' and params_json is not null`);
    if (!fitted) {
      ctx.log.warn('clv_backtest has no fitted model (no customers before the backtest cut): no calibration plot');
      return [];
    }
    const name = String(fitted.method) as PurchaseModelName;
    const model = purchaseModels[name];
    const params = JSON.parse(String(fitted.params_json)) as Params;
    const weeks = num(fitted.holdout_weeks);
    // Same customers as clv_backtest scores: acquired before the cut with T > 0.
    const data = await ctx.ref('clv_backtest_tuples').columns('select x, t_x_days, t_days, holdout_purchase_days, customers from {{ this }} where t_days > 0');
    const x = numbers(data, 'x'), actual = numbers(data, 'holdout_purchase_days'), weight = numbers(data, 'customers');
    const tx = numbers(data, 't_x_days').map((d) => d / DAYS_PER_WEEK), T = numbers(data, 't_days').map((d) => d / DAYS_PER_WEEK);
    // E[Y | alive] once per distinct (x, T), times P(alive): model.expectedPurchases' own arithmetic
    const ifAlive = ifAliveByPair(model, params, x, T)(weeks);
    const methods: [string, (i: number) => number][] = [
      [name, (i) => ifAlive[i]! * model.pAlive(params, x[i]!, tx[i]!, T[i]!)],
      ['past_rate', (i) => (x[i]! / T[i]!) * weeks],
    ];
    // The held-out window ends at the build's as-of date (clv_backtest), which the report shows.
    const base = { calibration_end: fitted.calibration_end, holdout_end: fitted.holdout_end, holdout_weeks: weeks, as_of_date: fitted.holdout_end };
    return methods.flatMap(([method, predict]) =>
      calibrationByFrequency(Array.from(x, (xi, i) => ({ x: xi, predicted: predict(i), actual: actual[i]!, weight: weight[i]! }))).map((b) => ({
        calibration_id: `${method}:${b.label}`, method, frequency_bucket: b.bucket, frequency_label: b.label, customers: b.customers,
        actual_purchases_mean: b.actualMean, predicted_purchases_mean: b.predictedMean, actual_purchases: b.actualTotal, predicted_purchases: b.predictedTotal, ...base,
      })),
    );
  },
});
