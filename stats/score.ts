// Scores customers on their grouped tuples (one ₂F₁ evaluation per distinct (x, t_x, T), not per
// customer) and expands back: what the DAG nodes and `clv fit` both use.
import { discountedClv, type ClvOptions } from './clv.js';
import { conditionalExpectedSpend, type GammaGammaParams } from './gammagamma.js';
import type { Params, PurchaseModel } from './models.js';
import { groupRfm } from './tuples.js';

export interface ScoreInput {
  x: number;
  tx: number;
  T: number;
  mbar: number;
  id?: string;
}

export interface CustomerScore {
  expectedPurchases: number;
  pAlive: number;
  expectedSpend: number;
  clv: number;
}

export interface ScoreOptions {
  /** Horizon for expectedPurchases, in the data's period. */
  horizon: number;
  clv?: ClvOptions;
}

export function scoreCustomers(
  model: PurchaseModel,
  params: Params,
  spend: GammaGammaParams,
  customers: readonly ScoreInput[],
  options: ScoreOptions,
): CustomerScore[] {
  const { tuples, customerIndex } = groupRfm(customers);
  const n = tuples.size;
  const ey = new Float64Array(n);
  const alive = new Float64Array(n);
  // CLV is linear in E[M]: discount the purchase stream once per tuple, multiply by spend per customer.
  const discounted = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const x = tuples.x[k]!;
    const tx = tuples.tx[k]!;
    const T = tuples.T[k]!;
    ey[k] = model.expectedPurchases(params, options.horizon, x, tx, T);
    alive[k] = model.pAlive(params, x, tx, T);
    discounted[k] = discountedClv((t) => model.expectedPurchases(params, t, x, tx, T), 1, options.clv);
  }
  return customers.map((c, i) => {
    const k = customerIndex[i]!;
    const expectedSpend = conditionalExpectedSpend(spend, c.x, c.mbar);
    return { expectedPurchases: ey[k]!, pAlive: alive[k]!, expectedSpend, clv: expectedSpend * discounted[k]! };
  });
}
