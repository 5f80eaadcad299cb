// The calibration/holdout figure of Fader, Hardie & Lee (2005, Figure 4): customers binned by their
// calibration-period repeat purchases (0, 1, …, top+), with the mean actual and the mean predicted
// purchases in the holdout per bin. Grouped input (one row per tuple with a weight) gives the same bins
// as one row per customer.

export interface CalibrationInput {
  /** Repeat purchases in the calibration period. */
  x: number;
  /** Predicted purchases in the holdout (per customer of this row). */
  predicted: number;
  /** Actual purchases in the holdout (per customer of this row). */
  actual: number;
  /** Customers this row stands for. */
  weight: number;
}

export interface CalibrationBucket {
  /** min(x, top): the last bucket holds every x ≥ top. */
  bucket: number;
  /** '0', '1', …, 'top+'. */
  label: string;
  customers: number;
  predictedTotal: number;
  actualTotal: number;
  predictedMean: number;
  actualMean: number;
}

/** Buckets 0…top (top = 7 as in the published figure), only those with customers, in order. */
export function calibrationByFrequency(rows: Iterable<CalibrationInput>, top = 7): CalibrationBucket[] {
  const sums = emptySums(top);
  for (const row of rows) add(sums, top, row.x, row.predicted, row.actual, row.weight);
  return buckets(sums, top);
}

/** calibrationByFrequency over columns (row i: x[i], predicted[i], …), with no object per row: the same
 * sums in the same order, so the same buckets to the bit. */
export function calibrationByFrequencyColumns(
  x: ArrayLike<number>, predicted: ArrayLike<number>, actual: ArrayLike<number>, weight: ArrayLike<number>, top = 7,
): CalibrationBucket[] {
  const sums = emptySums(top);
  for (let i = 0; i < x.length; i++) add(sums, top, x[i]!, predicted[i]!, actual[i]!, weight[i]!);
  return buckets(sums, top);
}

interface Sums { customers: number; predicted: number; actual: number }

const emptySums = (top: number): Sums[] => Array.from({ length: top + 1 }, () => ({ customers: 0, predicted: 0, actual: 0 }));

function add(sums: Sums[], top: number, x: number, predicted: number, actual: number, weight: number): void {
  if (!(weight > 0)) return;
  const cell = sums[Math.min(Math.max(0, Math.floor(x)), top)]!;
  cell.customers += weight;
  cell.predicted += weight * predicted;
  cell.actual += weight * actual;
}

function buckets(sums: Sums[], top: number): CalibrationBucket[] {
  return sums.flatMap((s, bucket) =>
    s.customers === 0
      ? []
      : [{
          bucket,
          label: bucket === top ? `${top}+` : String(bucket),
          customers: s.customers,
          predictedTotal: s.predicted,
          actualTotal: s.actual,
          predictedMean: s.predicted / s.customers,
          actualMean: s.actual / s.customers,
        }],
  );
}
