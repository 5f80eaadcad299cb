// Pareto/NBD (Schmittlein, Morrison & Colombo 1987; clv.md §4). The likelihood's A0 term uses ₂F₁ with
// the base swapped so its argument stays in [0, 1), and ln A0 by signed log-sum-exp. Gradients are
// central differences: Pareto/NBD is the alternative model, fitted on grouped tuples only.
import { buildFitResult, fitLogParams } from './fit.js';
import { hyp2f1 } from './hyp2f1.js';
import { withNumericGradient } from './optimize.js';
import { indexRfm, type RfmIndex } from './rfm-index.js';
import { lgamma, logAddExp, logSubExp, logisticOfNeg } from './special.js';
import type { FitOptions, FitResult, RfmData, RfmTuple } from './types.js';
import { toRfmData } from './validate.js';

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/** ln of the bracket's two terms: [ln((α+T)^−(r+x)(β+T)^−s), ln(s/(r+s+x)·A0)]. */
function logTerms(p: ParetoNbdParams, x: number, tx: number, T: number): [number, number] {
  const { r, alpha, s, beta } = p;
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const rsx = r + s + x;
  const lnF = (y: number): number =>
    alpha >= beta
      ? Math.log(hyp2f1(rsx, s + 1, rsx + 1, (alpha - beta) / (alpha + y))) - rsx * Math.log(alpha + y)
      : Math.log(hyp2f1(rsx, r + x, rsx + 1, (beta - alpha) / (beta + y))) - rsx * Math.log(beta + y);
  const lnA0 = tx === T ? -Infinity : logSubExp(lnF(tx), lnF(T));
  return [alive, Math.log(s) - Math.log(rsx) + lnA0];
}

export function paretoLogLik(ix: RfmIndex, p: ParetoNbdParams): number {
  const { r, alpha, s, beta } = p;
  const { data } = ix;
  let ll = ix.totalWeight * (r * Math.log(alpha) + s * Math.log(beta) - lgamma(r));
  for (let i = 0; i < data.size; i++) {
    const x = data.x[i]!;
    const [t1, t2] = logTerms(p, x, data.tx[i]!, data.T[i]!);
    ll += data.weight[i]! * (lgamma(r + x) + logAddExp(t1, t2));
  }
  return ll;
}

export function fitParetoNbd(input: readonly RfmTuple[] | RfmData, options: FitOptions = {}): FitResult<ParetoNbdParams> {
  const startedAt = performance.now();
  const ix = indexRfm(toRfmData(input));
  const W = ix.totalWeight;
  const c = options.penalty ?? 0;
  const nll = (lp: Float64Array): number => {
    const [r, alpha, s, beta] = Array.from(lp, Math.exp) as [number, number, number, number];
    try {
      return -paretoLogLik(ix, { r, alpha, s, beta }) / W + c * (r * r + alpha * alpha + s * s + beta * beta);
    } catch {
      return Infinity; // ₂F₁ did not converge at this trial point: the line search backs off
    }
  };
  const raw = fitLogParams({ names: ['r', 'alpha', 's', 'beta'] }, withNumericGradient(nll, 1e-5), options);
  const [r, alpha, s, beta] = raw.theta as [number, number, number, number];
  const params = { r, alpha, s, beta };
  const noDropout = s < 1e-4 || s / beta < 1e-8;
  return buildFitResult({
    model: 'pareto',
    params,
    raw,
    logLik: paretoLogLik(ix, params),
    customers: W,
    tuples: ix.data.size,
    diagnosis: noDropout
      ? {
          status: 'no detectable dropout',
          warning: `pareto: no detectable dropout (s = ${s.toPrecision(4)}, β = ${beta.toPrecision(4)}): every P(alive) ≈ 1`,
        }
      : undefined,
    startedAt,
  });
}

export function paretoTotalLogLik(p: ParetoNbdParams, input: readonly RfmTuple[] | RfmData): number {
  return paretoLogLik(indexRfm(toRfmData(input)), p);
}

export function paretoPAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const [t1, t2] = logTerms(p, x, tx, T);
  return logisticOfNeg(t2 - t1);
}

/** E[Y(t)] = P(alive)·(r+x)(β+T)/((α+T)(s−1))·[1 − ((β+T)/(β+T+t))^(s−1)]; continuous at s = 1. */
export function paretoExpectedPurchases(p: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  return paretoPAlive(p, x, tx, T) * paretoExpectedPurchasesIfAlive(p, t, x, T);
}

/** E[Y(t)] given alive: depends on (x, T) only. */
export function paretoExpectedPurchasesIfAlive(p: ParetoNbdParams, t: number, x: number, T: number): number {
  const L = Math.log1p(t / (p.beta + T));
  const sm1 = p.s - 1;
  // [1 − e^{−(s−1)L}]/(s−1) → L as s → 1.
  const g = Math.abs(sm1) < 1e-10 ? L : -Math.expm1(-sm1 * L) / sm1;
  return ((p.r + x) * (p.beta + T) * g) / (p.alpha + T);
}

/** E[X(t)] = rβ/(α(s−1))·[1 − (β/(β+t))^(s−1)]. */
export function paretoExpectedPurchasesNew(p: ParetoNbdParams, t: number): number {
  return paretoExpectedPurchasesIfAlive(p, t, 0, 0);
}
