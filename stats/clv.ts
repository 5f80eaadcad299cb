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
  const d = options.discountRate ?? 0.01;
  const f = options.periodsPerMonth ?? PERIODS_PER_MONTH.week;
  let previous = 0;
  let value = 0;
  for (let k = 1; k <= months; k++) {
    const current = expectedPurchasesAt(k * f);
    value += (expectedSpend * (current - previous)) / Math.pow(1 + d, k);
    previous = current;
  }
  return value;
}
