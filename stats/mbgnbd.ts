// MBG/NBD (Batislam, Denizel & Filiztekin 2007; clv.md §4): BG/NBD plus a possible dropout right after
// the first purchase, so one-time buyers get P(alive) < 1. Same structure and numerics as bgnbd.ts.
import { dropoutDiagnosis, type BgNbdParams } from './bgnbd.js';
import { buildFitResult, fitLogParams } from './fit.js';
import { hyp2f1 } from './hyp2f1.js';
import { indexRfm, type RfmIndex } from './rfm-index.js';
import { logisticOfNeg } from './special.js';
import type { FitOptions, FitResult, RfmData, RfmTuple } from './types.js';
import { toRfmData } from './validate.js';

export type MbgNbdParams = BgNbdParams;

/** LL = A1 + lnΓ(a+b) + lnΓ(b+x+1) − lnΓ(b) − lnΓ(a+b+x+1) − (r+x)ln(α+T) + ln(1 + e^D). */
export function mbgnbdLogLik(ix: RfmIndex, r: number, alpha: number, a: number, b: number, grad?: Float64Array): number {
  const { data, uniqueT, uniqueTx, tIndex, txIndex, tailWeight, maxX } = ix;
  const W = ix.totalWeight;
  let ll = W * r * Math.log(alpha);
  let dr = W * Math.log(alpha);
  let dAlpha = (W * r) / alpha;
  let da = 0;
  let db = 0;
  for (let k = 0; k <= maxX; k++) {
    // Σ_{k<x} ln(r+k) (weight: x > k) and Σ_{k≤x} ln(b+k) − ln(a+b+k) (weight: x ≥ k).
    const wGt = tailWeight[k + 1]!;
    const wGe = tailWeight[k]!;
    if (wGt > 0) {
      ll += wGt * Math.log(r + k);
      dr += wGt / (r + k);
    }
    ll += wGe * (Math.log(b + k) - Math.log(a + b + k));
    da -= wGe / (a + b + k);
    db += wGe * (1 / (b + k) - 1 / (a + b + k));
  }
  const lnAT = Array.from(uniqueT, (T) => Math.log(alpha + T));
  const lnAtx = Array.from(uniqueTx, (t) => Math.log(alpha + t));
  const lnA = Math.log(a);
  // ln(b + x) once per x value, not per tuple (the same number)
  const lnBx = new Float64Array(maxX + 1);
  for (let x = 0; x <= maxX; x++) lnBx[x] = Math.log(b + x);
  for (let i = 0; i < data.size; i++) {
    const x = data.x[i]!;
    const w = data.weight[i]!;
    const jT = tIndex[i]!;
    const jx = txIndex[i]!;
    const D = lnA - lnBx[x]! + (r + x) * (lnAT[jT]! - lnAtx[jx]!);
    // p4 = logisticOfNeg(−D) and softplus(D) from the one exponential they share, e^−|D|: the same bits
    const e = Math.exp(D > 0 ? -D : D);
    const p4 = D > 0 ? 1 / (1 + e) : e / (1 + e);
    const softplus = D > 0 ? D + Math.log1p(e) : Math.log1p(e);
    ll += w * (-(r + x) * lnAT[jT]! + softplus);
    if (grad) {
      const p3 = 1 - p4;
      dr -= w * (p3 * lnAT[jT]! + p4 * lnAtx[jx]!);
      dAlpha -= w * (r + x) * (p3 / (alpha + uniqueT[jT]!) + p4 / (alpha + uniqueTx[jx]!));
      da += (w * p4) / a;
      db -= (w * p4) / (b + x);
    }
  }
  if (grad) {
    grad[0] = dr;
    grad[1] = dAlpha;
    grad[2] = da;
    grad[3] = db;
  }
  return ll;
}

export function fitMbgNbd(input: readonly RfmTuple[] | RfmData, options: FitOptions = {}): FitResult<MbgNbdParams> {
  const startedAt = performance.now();
  const ix = indexRfm(toRfmData(input));
  const W = ix.totalWeight;
  const c = options.penalty ?? 0;
  const g = new Float64Array(4);
  const raw = fitLogParams(
    { names: ['r', 'alpha', 'a', 'b'] },
    (lp, grad) => {
      const th = Array.from(lp, Math.exp) as [number, number, number, number];
      const ll = mbgnbdLogLik(ix, ...th, grad ? g : undefined);
      if (grad) th.forEach((v, i) => (grad[i] = (-v * g[i]!) / W + 2 * c * v * v));
      return -ll / W + c * th.reduce((s, v) => s + v * v, 0);
    },
    options,
  );
  const [r, alpha, a, b] = raw.theta as [number, number, number, number];
  return buildFitResult({
    model: 'mbgnbd',
    params: { r, alpha, a, b },
    raw,
    logLik: mbgnbdLogLik(ix, r, alpha, a, b),
    customers: W,
    tuples: ix.data.size,
    diagnosis: dropoutDiagnosis('mbgnbd', a, b),
    startedAt,
  });
}

export function mbgnbdTotalLogLik(p: MbgNbdParams, input: readonly RfmTuple[] | RfmData): number {
  return mbgnbdLogLik(indexRfm(toRfmData(input)), p.r, p.alpha, p.a, p.b);
}

/** P(alive) = 1/(1 + e^D); below 1 even for x = 0. */
export function mbgnbdPAlive(p: MbgNbdParams, x: number, tx: number, T: number): number {
  const D = Math.log(p.a) - Math.log(p.b + x) + (p.r + x) * Math.log((p.alpha + T) / (p.alpha + tx));
  return logisticOfNeg(D);
}

/** E[Y(t)] = (a+b+x)/(a−1)·[1 − (1−z)^(a−1)·₂F₁(a+b−r, a−1; a+b+x; z)]·P(alive) (Euler-transformed). */
export function mbgnbdExpectedPurchases(p: MbgNbdParams, t: number, x: number, tx: number, T: number): number {
  return mbgnbdExpectedPurchasesIfAlive(p, t, x, T) * mbgnbdPAlive(p, x, tx, T);
}

/** E[Y(t)] given alive: depends on (x, T) only. */
export function mbgnbdExpectedPurchasesIfAlive(p: MbgNbdParams, t: number, x: number, T: number): number {
  if (t <= 0) return 0;
  const one = (a: number): number => {
    const z = t / (p.alpha + T + t);
    const ln1mz = -Math.log1p(t / (p.alpha + T));
    const f = hyp2f1(a + p.b - p.r, a - 1, a + p.b + x, z);
    const inner = f > 0 ? -Math.expm1((a - 1) * ln1mz + Math.log(f)) : 1 - Math.exp((a - 1) * ln1mz) * f;
    return ((a + p.b + x) / (a - 1)) * inner;
  };
  const eps = 1e-6;
  return Math.abs(p.a - 1) < eps ? 0.5 * (one(1 - eps) + one(1 + eps)) : one(p.a);
}

/** E[X(t)] for a customer just acquired (x = 0, T = 0), including the chance of dropping out at once. */
export function mbgnbdExpectedPurchasesNew(p: MbgNbdParams, t: number): number {
  return mbgnbdExpectedPurchases(p, t, 0, 0, 0);
}
