// Transactions → per-customer (x, t_x, T, m̄) with same-day purchases merged and a calibration/holdout
// split (clv.md §1). Days are integers (days since any fixed epoch); the period turns them into the
// model's time unit. Values are kept exact (days / 7), not rounded to 2 dp like the published file.
import { StatsInputError } from './errors.js';

export type Period = 'day' | 'week';
export const DAYS_PER_PERIOD: Record<Period, number> = { day: 1, week: 7 };

export interface PurchaseRow {
  customer: string;
  /** Integer day number (e.g. days since 1970-01-01). */
  day: number;
  amount: number;
}

export interface SummaryOptions {
  /** Last day of calibration (inclusive). */
  calibrationEnd: number;
  /** Last day of the holdout (inclusive); omit for no holdout. */
  holdoutEnd?: number;
  period?: Period;
}

export interface CustomerSummary {
  customer: string;
  x: number;
  tx: number;
  T: number;
  /** Mean value of the repeat purchase days in calibration (0 when x = 0). */
  mbar: number;
  firstDay: number;
  /** Total calibration spend, first purchase included. */
  calibrationAmount: number;
  /** Purchase days in the holdout window (all are repeats). */
  holdoutPurchases: number;
  holdoutAmount: number;
}

/** Rows may come unsorted and with several rows per customer and day; customers first seen after the
 * calibration end are left out (they have no calibration history). */
export function summarizePurchases(rows: readonly PurchaseRow[], options: SummaryOptions): CustomerSummary[] {
  const unit = DAYS_PER_PERIOD[options.period ?? 'week'];
  const { calibrationEnd } = options;
  const holdoutEnd = options.holdoutEnd ?? calibrationEnd;
  if (holdoutEnd < calibrationEnd)
    throw new StatsInputError(`holdout end is before calibration end`, { hint: 'pass a holdout end after the calibration end' });
  const byCustomer = new Map<string, Map<number, number>>();
  rows.forEach((r, i) => {
    if (!Number.isInteger(r.day) || !Number.isFinite(r.amount))
      throw new StatsInputError(`row ${i + 1} (customer ${r.customer}): day must be an integer and amount finite`, {
        hint: `got day = ${r.day}, amount = ${r.amount}`,
      });
    if (r.day > holdoutEnd) return;
    let days = byCustomer.get(r.customer);
    if (!days) byCustomer.set(r.customer, (days = new Map()));
    days.set(r.day, (days.get(r.day) ?? 0) + r.amount);
  });
  const out: CustomerSummary[] = [];
  for (const [customer, days] of byCustomer) {
    const sorted = [...days.keys()].sort((a, b) => a - b);
    const first = sorted[0]!;
    if (first > calibrationEnd) continue;
    let last = first;
    let x = 0;
    let repeatAmount = 0;
    let holdoutPurchases = 0;
    let holdoutAmount = 0;
    for (const d of sorted) {
      const amount = days.get(d)!;
      if (d <= calibrationEnd) {
        if (d !== first) {
          x++;
          repeatAmount += amount;
          last = d;
        }
      } else {
        holdoutPurchases++;
        holdoutAmount += amount;
      }
    }
    out.push({
      customer,
      x,
      tx: (last - first) / unit,
      T: (calibrationEnd - first) / unit,
      mbar: x > 0 ? repeatAmount / x : 0,
      firstDay: first,
      calibrationAmount: repeatAmount + days.get(first)!,
      holdoutPurchases,
      holdoutAmount,
    });
  }
  return out.sort((a, b) => (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0));
}
