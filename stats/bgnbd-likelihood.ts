// BG/NBD log-likelihood and its analytic gradient over weighted tuples (Fader, Hardie & Lee 2005, eq. 6;
// clv.md §2). Integer x turns every Gamma ratio into a finite sum of logs, so no digamma is needed.
import type { RfmIndex } from './rfm-index.js';

export interface BgNbdGradient {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Total LL at (r, α, a, b); fills `grad` with ∂LL/∂θ when given. */
export function bgnbdLogLik(ix: RfmIndex, r: number, alpha: number, a: number, b: number, grad?: BgNbdGradient): number {
  const { data, uniqueT, uniqueTx, tIndex, txIndex, tailWeight, maxX } = ix;
  // x-only part: Σ_x W_x [Σ_{k<x} ln(r+k) + ln(b+k) − ln(a+b+k)] + W·r·ln α.
  let ll = ix.totalWeight * r * Math.log(alpha);
  let dr = ix.totalWeight * Math.log(alpha);
  let dAlpha = (ix.totalWeight * r) / alpha;
  let da = 0;
  let db = 0;
  for (let k = 0; k < maxX; k++) {
    const w = tailWeight[k + 1]!;
    if (w === 0) continue;
    ll += w * (Math.log(r + k) + Math.log(b + k) - Math.log(a + b + k));
    dr += w / (r + k);
    da -= w / (a + b + k);
    db += w * (1 / (b + k) - 1 / (a + b + k));
  }
  const lnAT = new Float64Array(uniqueT.length);
  const invAT = new Float64Array(uniqueT.length);
  for (let j = 0; j < uniqueT.length; j++) {
    lnAT[j] = Math.log(alpha + uniqueT[j]!);
    invAT[j] = 1 / (alpha + uniqueT[j]!);
  }
  const lnAtx = new Float64Array(uniqueTx.length);
  const invAtx = new Float64Array(uniqueTx.length);
  for (let j = 0; j < uniqueTx.length; j++) {
    lnAtx[j] = Math.log(alpha + uniqueTx[j]!);
    invAtx[j] = 1 / (alpha + uniqueTx[j]!);
  }
  // ln(a / (b + x − 1)) per x ≥ 1.
  const lnRatio = new Float64Array(maxX + 1);
  for (let x = 1; x <= maxX; x++) lnRatio[x] = Math.log(a) - Math.log(b + x - 1);
  const { x: xs, weight } = data;
  for (let i = 0; i < data.size; i++) {
    const x = xs[i]!;
    const w = weight[i]!;
    const jT = tIndex[i]!;
    const A3 = -(r + x) * lnAT[jT]!;
    if (x === 0) {
      ll += w * A3;
      dr -= w * lnAT[jT]!;
      dAlpha -= w * r * invAT[jT]!;
      continue;
    }
    const jx = txIndex[i]!;
    // ln(e^A3 + e^A4) = A3 + softplus(D), D = A4 − A3; p4 = e^A4/(e^A3+e^A4) = logistic(D).
    const D = lnRatio[x]! + (r + x) * (lnAT[jT]! - lnAtx[jx]!);
    let softplus: number;
    let p4: number;
    if (D > 0) {
      const e = Math.exp(-D);
      softplus = D + Math.log1p(e);
      p4 = 1 / (1 + e);
    } else {
      const e = Math.exp(D);
      softplus = Math.log1p(e);
      p4 = e / (1 + e);
    }
    const p3 = 1 - p4;
    ll += w * (A3 + softplus);
    if (grad) {
      dr -= w * (p3 * lnAT[jT]! + p4 * lnAtx[jx]!);
      dAlpha -= w * (r + x) * (p3 * invAT[jT]! + p4 * invAtx[jx]!);
      da += (w * p4) / a;
      db -= (w * p4) / (b + x - 1);
    }
  }
  if (grad) {
    grad.r = dr;
    grad.alpha = dAlpha;
    grad.a = da;
    grad.b = db;
  }
  return ll;
}
