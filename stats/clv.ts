// Discounted CLV over a horizon (clv.md §4): Σ_{k=1..K} E[M]·(E[Y(k·f)] − E[Y((k−1)·f)])/(1+d)^k, with
// f the length of a month in the data's time unit (4.345 weeks; 30.415 days) and d the monthly rate.

export interface ClvOptions {
  /** Horizon in months (default 12). */
  months?: number;
  /** Discount rate per month (default 0.01). */
  discountRate?: number;
  /** Length of one month in the data's period unit (default 4.345, i.e. weeks). */
  periodsPerMonth?: number;
}

export const PERIODS_PER_MONTH = { week: 4.345, day: 4.345 * 7 } as const;

/**
 * `expectedPurchasesAt(t)` is E[Y(t) | customer] from any purchase model; `expectedSpend` the customer's
 * E[M]. Monthly increments keep the discounting exact for any model without a closed form.
 */
export function discountedClv(expectedPurchasesAt: (t: number) => number, expectedSpend: number, options: ClvOptions = {}): number {
  const months = options.months ?? 12;
  const f = options.periodsPerMonth ?? PERIODS_PER_MONTH.week;
  const cumulative = new Float64Array(months);
  for (let k = 1; k <= months; k++) cumulative[k - 1] = expectedPurchasesAt(k * f);
  return discountCumulative(cumulative, expectedSpend, discountFactors(months, options.discountRate ?? 0.01));
}

/** (1 + d)^k for months k = 1…months: discountedClv's divisors, built once when many customers share them. */
export function discountFactors(months: number, discountRate: number): Float64Array {
  const factors = new Float64Array(months);
  for (let k = 1; k <= months; k++) factors[k - 1] = Math.pow(1 + discountRate, k);
  return factors;
}

/**
 * discountedClv from values already at hand: `cumulative[k − 1]` = E[Y(k·f)] for months k = 1…K and
 * `factors` from discountFactors. Scoring many customers column-wise calls this with each month's
 * expectations computed once per horizon, not through a callback per customer and month.
 */
export function discountCumulative(cumulative: ArrayLike<number>, expectedSpend: number, factors: ArrayLike<number>): number {
  let previous = 0;
  let value = 0;
  for (let k = 0; k < cumulative.length; k++) {
    const current = cumulative[k]!;
    value += (expectedSpend * (current - previous)) / factors[k]!;
    previous = current;
  }
  return value;
}
