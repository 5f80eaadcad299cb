// BG/NBD (Fader, Hardie & Lee 2005): fit on weighted (x, t_x, T) tuples and the per-customer
// predictions. Formulas and their stable forms: clv.md §2.
import { bgnbdLogLik, type BgNbdGradient } from './bgnbd-likelihood.js';
import { buildFitResult, fitLogParams } from './fit.js';
import { hyp2f1 } from './hyp2f1.js';
import { indexRfm } from './rfm-index.js';
import { lbeta, lgamma, logisticOfNeg } from './special.js';
import type { FitOptions, FitResult, RfmData, RfmTuple } from './types.js';
import { toRfmData } from './validate.js';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

const NAMES = ['r', 'alpha', 'a', 'b'] as const;

export function fitBgNbd(input: readonly RfmTuple[] | RfmData, options: FitOptions = {}): FitResult<BgNbdParams> {
  const startedAt = performance.now();
  const ix = indexRfm(toRfmData(input));
  const W = ix.totalWeight;
  const penalty = options.penalty ?? 0;
  const g: BgNbdGradient = { r: 0, alpha: 0, a: 0, b: 0 };
  const raw = fitLogParams(
    { names: [...NAMES] },
    (lp, grad) => {
      const [r, alpha, a, b] = Array.from(lp, Math.exp) as [number, number, number, number];
      const ll = bgnbdLogLik(ix, r, alpha, a, b, grad ? g : undefined);
      const pen = penalty * (r * r + alpha * alpha + a * a + b * b);
      if (grad) {
        // Chain rule to ln θ: ∂/∂lnθ = θ·∂/∂θ; the penalty contributes 2c·θ².
        grad[0] = (-r * g.r) / W + 2 * penalty * r * r;
        grad[1] = (-alpha * g.alpha) / W + 2 * penalty * alpha * alpha;
        grad[2] = (-a * g.a) / W + 2 * penalty * a * a;
        grad[3] = (-b * g.b) / W + 2 * penalty * b * b;
      }
      return -ll / W + pen;
    },
    options,
  );
  const [r, alpha, a, b] = raw.theta as [number, number, number, number];
  const params = { r, alpha, a, b };
  return buildFitResult({
    model: 'bgnbd',
    params,
    raw,
    logLik: bgnbdLogLik(ix, r, alpha, a, b),
    customers: W,
    tuples: ix.data.size,
    diagnosis: dropoutDiagnosis('bgnbd', a, b),
    startedAt,
  });
}

/** clv.md §5: a → 0 or b → ∞ means the data show no churn; P(alive) is then ≈ 1 for everyone. */
export function dropoutDiagnosis(model: string, a: number, b: number) {
  if (a < 1e-4 || b > 1e4)
    return {
      status: 'no detectable dropout' as const,
      warning: `${model}: no detectable dropout (a = ${a.toPrecision(4)}, b = ${b.toPrecision(4)}): every P(alive) ≈ 1; predictions assume customers never churn`,
    };
  return undefined;
}

/** Total log-likelihood at given parameters (golden checks, model comparison). */
export function bgnbdTotalLogLik(params: BgNbdParams, input: readonly RfmTuple[] | RfmData): number {
  return bgnbdLogLik(indexRfm(toRfmData(input)), params.r, params.alpha, params.a, params.b);
}

/** P(alive | x, t_x, T) = 1/(1 + e^d); exactly 1 for x = 0; never NaN (stable logistic). */
export function pAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const d = (p.r + x) * Math.log((p.alpha + T) / (p.alpha + tx)) + Math.log(p.a) - Math.log(p.b + x - 1);
  return logisticOfNeg(d);
}

/**
 * (a+b+x−1)/(a−1)·[1 − (1−z)^(a−1)·₂F₁(a+b−1−r, a−1; a+b+x−1; z)], z = t/(α+T+t): the Euler-transformed
 * bracket of E[Y(t)] (clv.md §2), shared by E[X(t)] (x = 0, T = 0). It is E[Y(t)] given alive and
 * depends on (x, T) only, not t_x, so scoring caches it per (x, T). Only a = 1 is singular: there the
 * function is continuous, so it is evaluated on both sides and averaged.
 */
export function expectedPurchasesIfAlive(p: BgNbdParams, t: number, x: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, b } = p;
  const eval1 = (a: number): number => {
    const z = t / (alpha + T + t);
    const ln1mz = -Math.log1p(t / (alpha + T));
    const f = hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z);
    // 1 − (1−z)^(a−1)·F computed as −expm1 of its log when F > 0, to keep digits when a ≈ 1.
    const inner = f > 0 ? -Math.expm1((a - 1) * ln1mz + Math.log(f)) : 1 - Math.exp((a - 1) * ln1mz) * f;
    return ((a + b + x - 1) / (a - 1)) * inner;
  };
  const eps = 1e-6;
  if (Math.abs(p.a - 1) < eps) return 0.5 * (eval1(1 - eps) + eval1(1 + eps));
  return eval1(p.a);
}

/** E[Y(t) | x, t_x, T]: expected repeat purchases in the next t periods. */
export function expectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  return expectedPurchasesIfAlive(p, t, x, T) * pAlive(p, x, tx, T);
}

/** E[X(t)]: expected repeat purchases of a newly acquired customer within t of the first purchase. */
export function expectedPurchasesNew(p: BgNbdParams, t: number): number {
  return expectedPurchasesIfAlive(p, t, 0, 0);
}

/** P(X(t) = n) for a new customer (Fader, Hardie & Lee 2005, eq. 8). */
export function pmf(p: BgNbdParams, t: number, n: number): number {
  const { r, alpha, a, b } = p;
  const lnB = lbeta(a, b);
  const lnq = Math.log(t / (alpha + t));
  const lnBase = r * Math.log(alpha / (alpha + t));
  // ln NB(j) = lnΓ(r+j) − lnΓ(r) − ln j! + r ln(α/(α+t)) + j ln(t/(α+t)).
  const lnNb = (j: number): number => lgamma(r + j) - lgamma(r) - lgamma(j + 1) + lnBase + j * lnq;
  let prob = Math.exp(lbeta(a, b + n) - lnB + lnNb(n));
  if (n > 0) {
    // Tail Σ_{j≥n} NB(j) summed directly instead of 1 − Σ_{j<n}: no cancellation when the tail is tiny.
    let term = Math.exp(lnNb(n));
    let tail = term;
    const q = Math.exp(lnq);
    for (let j = n; j < n + 1_000_000 && term > 1e-17 * tail; j++) {
      term *= ((r + j) / (j + 1)) * q;
      tail += term;
    }
    prob += Math.exp(lbeta(a + 1, b + n - 1) - lnB) * tail;
  }
  return prob;
}

/** P(no purchase in (T, T+t]) = (1 − P(alive)) + P(alive)·((α+T)/(α+T+t))^(r+x). */
export function probNoPurchase(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const alive = pAlive(p, x, tx, T);
  const stay = Math.exp(-(p.r + x) * Math.log1p(t / (p.alpha + T)));
  return 1 - alive + alive * stay;
}
