// `clv fit` as a function: transaction file → summaries → purchase model + Gamma-Gamma fits → per-customer
// predictions (written with DuckDB's CSV writer) and, with a holdout, the holdout metrics.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PERIODS_PER_MONTH } from '../clv.js';
import { fitGammaGamma, type GammaGammaFit } from '../gammagamma.js';
import { holdoutMetrics, type HoldoutMetrics } from '../metrics.js';
import { purchaseModels, type Params, type PurchaseModelName } from '../models.js';
import { scoreCustomers, type CustomerScore } from '../score.js';
import { DAYS_PER_PERIOD, summarizePurchases, type CustomerSummary, type Period } from '../summary.js';
import { groupRfm } from '../tuples.js';
import type { FitResult } from '../types.js';
import { parseDay, readPurchaseDays, type TransactionColumns } from './read-transactions.js';

export interface FitTransactionsOptions extends TransactionColumns {
  calibrationEnd: string;
  holdoutEnd?: string;
  model?: PurchaseModelName;
  period?: Period;
  /** Directory for predictions.csv; omit to skip writing. */
  out?: string;
  /** CLV horizon in months (default 12) and monthly discount rate (default 0.01). */
  months?: number;
  discountRate?: number;
}

export interface PredictionRow extends CustomerScore {
  customer: string;
  frequency: number;
  recency: number;
  T: number;
  actualHoldoutPurchases?: number;
}

export interface FitTransactionsResult {
  period: Period;
  /** How the file was read (csv, whitespace-separated text, parquet, json). */
  format: string;
  /** Purchase rows in the file, and those --where left out. */
  rows: number;
  leftOut: number;
  customers: number;
  purchaseDays: number;
  /** Expected purchases are for this many periods (holdout length, or 90 days). */
  horizon: number;
  fit: FitResult<Params>;
  spend: GammaGammaFit;
  predictions: PredictionRow[];
  holdout?: HoldoutMetrics;
  predictionsFile?: string;
}

export async function fitTransactions(options: FitTransactionsOptions): Promise<FitTransactionsResult> {
  const period = options.period ?? 'week';
  const calibrationEnd = parseDay('--calibration-end', options.calibrationEnd);
  const holdoutEnd = options.holdoutEnd === undefined ? undefined : parseDay('--holdout-end', options.holdoutEnd);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const { days, rows, leftOut, format } = await readPurchaseDays(conn, options);
    const summaries = summarizePurchases(days, { calibrationEnd, holdoutEnd, period });
    const model = purchaseModels[options.model ?? 'bgnbd'];
    const fit = model.fit(groupRfm(summaries.map((s) => ({ ...s, id: s.customer }))).tuples);
    const spend = fitGammaGamma(summaries.map((s) => ({ x: s.x, mbar: s.mbar, id: s.customer })));
    const horizon = (holdoutEnd === undefined ? 90 : holdoutEnd - calibrationEnd) / DAYS_PER_PERIOD[period];
    const scores = scoreCustomers(model, fit.params, spend.params, summaries, {
      horizon,
      clv: { months: options.months, discountRate: options.discountRate, periodsPerMonth: PERIODS_PER_MONTH[period] },
    });
    const predictions = summaries.map((s: CustomerSummary, i): PredictionRow => ({
      customer: s.customer,
      frequency: s.x,
      recency: s.tx,
      T: s.T,
      ...scores[i]!,
      ...(holdoutEnd === undefined ? {} : { actualHoldoutPurchases: s.holdoutPurchases }),
    }));
    const holdout =
      holdoutEnd === undefined
        ? undefined
        : holdoutMetrics(
            predictions.map((p) => p.expectedPurchases),
            summaries.map((s) => s.holdoutPurchases),
          );
    const predictionsFile = options.out ? await writePredictions(conn, options.out, predictions) : undefined;
    return { period, format, rows, leftOut, customers: summaries.length, purchaseDays: days.length, horizon, fit, spend, predictions, holdout, predictionsFile };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

async function writePredictions(conn: DuckDBConnection, dir: string, rows: PredictionRow[]): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = resolve(join(dir, 'predictions.csv'));
  const withActual = rows.length > 0 && rows[0]!.actualHoldoutPurchases !== undefined;
  await conn.run(`create or replace temp table clv_predictions (
    customer varchar, frequency integer, recency double, "T" double, expected_purchases double,
    p_alive double, expected_spend double, clv double${withActual ? ', actual_holdout_purchases integer' : ''})`);
  const appender = await conn.createAppender('clv_predictions');
  for (const r of rows) {
    appender.appendVarchar(r.customer);
    appender.appendInteger(r.frequency);
    appender.appendDouble(r.recency);
    appender.appendDouble(r.T);
    appender.appendDouble(r.expectedPurchases);
    appender.appendDouble(r.pAlive);
    appender.appendDouble(r.expectedSpend);
    appender.appendDouble(r.clv);
    if (withActual) appender.appendInteger(r.actualHoldoutPurchases!);
    appender.endRow();
  }
  appender.closeSync();
  await conn.run(`copy (select * from clv_predictions order by customer) to '${file.replaceAll("'", "''")}' (header, delimiter ',')`);
  return file;
}
