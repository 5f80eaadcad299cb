// Scores customers and expands back: what the DAG nodes and `clv fit` both use. E[Y(t)] factors into
// E[Y(t) | alive] × P(alive), where the first factor (the ₂F₁ work) depends on (x, T) only: it is
// computed once per distinct (x, T) pair, P(alive) once per distinct (x, t_x, T) tuple.
import { discountedClv, type ClvOptions } from './clv.js';
import { conditionalExpectedSpend, type GammaGammaParams } from './gammagamma.js';
import type { Params, PurchaseModel } from './models.js';
import { groupRfm } from './tuples.js';
import type { RfmData } from './types.js';

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

export interface TupleScores {
  expectedPurchases: Float64Array;
  pAlive: Float64Array;
  /** Σ_k (E[Y(k·f)] − E[Y((k−1)·f)])/(1+d)^k: CLV per unit of expected spend (CLV is linear in E[M]). */
  discountedPurchases: Float64Array;
}

/** Scores grouped tuples; use with groupRfm's customerIndex to expand to customers. */
export function scoreTuples(model: PurchaseModel, params: Params, tuples: RfmData, options: ScoreOptions): TupleScores {
  const n = tuples.size;
  const pairs = groupRfm({ size: n, x: tuples.x, tx: new Float64Array(n), T: tuples.T, weight: tuples.weight });
  const m = pairs.tuples.size;
  const eyAlive = new Float64Array(m);
  const clvAlive = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const x = pairs.tuples.x[k]!;
    const T = pairs.tuples.T[k]!;
    const ifAlive = (t: number) => model.expectedPurchasesIfAlive(params, t, x, T);
    eyAlive[k] = ifAlive(options.horizon);
    clvAlive[k] = discountedClv(ifAlive, 1, options.clv);
  }
  const out: TupleScores = {
    expectedPurchases: new Float64Array(n),
    pAlive: new Float64Array(n),
    discountedPurchases: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const k = pairs.customerIndex[i]!;
    const alive = model.pAlive(params, tuples.x[i]!, tuples.tx[i]!, tuples.T[i]!);
    out.pAlive[i] = alive;
    out.expectedPurchases[i] = eyAlive[k]! * alive;
    out.discountedPurchases[i] = clvAlive[k]! * alive;
  }
  return out;
}

export function scoreCustomers(
  model: PurchaseModel,
  params: Params,
  spend: GammaGammaParams,
  customers: readonly ScoreInput[],
  options: ScoreOptions,
): CustomerScore[] {
  const { tuples, customerIndex } = groupRfm(customers);
  const s = scoreTuples(model, params, tuples, options);
  return customers.map((c, i) => {
    const k = customerIndex[i]!;
    const expectedSpend = conditionalExpectedSpend(spend, c.x, c.mbar);
    return { expectedPurchases: s.expectedPurchases[k]!, pAlive: s.pAlive[k]!, expectedSpend, clv: expectedSpend * s.discountedPurchases[k]! };
  });
}
