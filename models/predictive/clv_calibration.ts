// The calibration plot of the backtest (Fader, Hardie & Lee 2005, Figure 4): customers of the backtest
// binned by their repeat purchases before the cut (0, 1, …, 7+), with mean actual and mean predicted
// purchases in the held-out weeks, for the model clv_backtest refitted on the earlier data and for the
// past-rate baseline. clv_backtest sums the buckets from the predictions it scores anyway
// (calibration_json), so the backtest customers are fitted and scored once per build; this node lays
// them out as rows.
import type { CalibrationBucket } from '../../stats/index.js';
import { defineModel, type ModelRow } from '../../runner/typescript-model.js';
import { num } from './_clv.js';

export default defineModel({
  refs: ['clv_backtest'],
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
    const scored = await ctx.ref('clv_backtest').query(`select method, params_json, calibration_json, cast(calibration_end as varchar) as calibration_end,
      cast(holdout_end as varchar) as holdout_end, holdout_weeks from {{ this }} where scope = 'existing_customers'`).catch((error: Error) => {
      if (!/calibration_json/.test(error.message)) throw error;
      throw new Error(`clv_backtest has no calibration_json column (built before it existed): rebuild it with \`clv build -s clv_backtest+\` (${error.message})`);
    });
    // The model's row carries the refitted parameters; the past-rate baseline's row has none.
    const fitted = scored.find((row) => row.params_json !== null && row.params_json !== undefined);
    if (!fitted) {
      ctx.log.warn('clv_backtest has no fitted model (no customers before the backtest cut): no calibration plot');
      return [];
    }
    const methods = [String(fitted.method), 'past_rate'];
    const weeks = num(fitted.holdout_weeks);
    // The held-out window ends at the build's as-of date (clv_backtest), which the report shows.
    const base = { calibration_end: fitted.calibration_end, holdout_end: fitted.holdout_end, holdout_weeks: weeks, as_of_date: fitted.holdout_end };
    return methods.flatMap((method) =>
      bucketsOf(scored, method).map((b) => ({
        calibration_id: `${method}:${b.label}`, method, frequency_bucket: b.bucket, frequency_label: b.label, customers: b.customers,
        actual_purchases_mean: b.actualMean, predicted_purchases_mean: b.predictedMean, actual_purchases: b.actualTotal, predicted_purchases: b.predictedTotal, ...base,
      })),
    );
  },
});

function bucketsOf(scored: ModelRow[], method: string): CalibrationBucket[] {
  const row = scored.find((r) => r.method === method);
  if (!row) throw new Error(`clv_backtest has no existing_customers row for method '${method}'`);
  return JSON.parse(String(row.calibration_json)) as CalibrationBucket[];
}
