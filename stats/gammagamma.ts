// Gamma-Gamma spend model (Colombo & Jiang 1999; Fader, Hardie & Lee 2005; clv.md §3), fitted on
// repeat customers (x > 0, m̄ > 0). Terms that depend on x only are computed once per distinct x.
import { StatsInputError } from './errors.js';
import { buildFitResult, fitLogParams } from './fit.js';
import { digamma, lgamma } from './special.js';
import type { FitOptions, FitResult } from './types.js';

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface SpendTuple {
  /** Repeat purchase occasions. */
  x: number;
  /** Mean value of the repeat occasions. */
  mbar: number;
  weight?: number;
  id?: string;
}

export interface GammaGammaFit extends FitResult<GammaGammaParams> {
  /** The model assumes spend is unrelated to frequency: Pearson corr(x, m̄) over the fitted customers. */
  independence: { correlation: number; threshold: number; ok: boolean };
  /** Customers left out because x = 0 or m̄ = 0 (they get the population mean). */
  excluded: number;
}

export interface GammaGammaOptions extends FitOptions {
  /** Warn when |corr(x, m̄)| exceeds this (no published cut-off; default 0.3). */
  correlationThreshold?: number;
}

interface SpendData {
  n: number;
  x: Float64Array;
  mbar: Float64Array;
  w: Float64Array;
  W: number;
  distinctX: number[];
  weightOfX: number[];
  xIndex: Int32Array;
  sumWXLnM: number;
  sumWLnM: number;
  sumWXLnX: number;
}

function prepare(rows: readonly SpendTuple[]): { data: SpendData; excluded: number } {
  const keep: SpendTuple[] = [];
  let excluded = 0;
  rows.forEach((r, i) => {
    const w = r.weight ?? 1;
    if (!Number.isInteger(r.x) || r.x < 0 || !Number.isFinite(r.mbar) || r.mbar < 0 || !(w > 0))
      throw new StatsInputError(`${r.id !== undefined ? `customer ${r.id}` : `row ${i + 1}`}: invalid spend input (x = ${r.x}, m̄ = ${r.mbar}, weight = ${w})`, {
        hint: 'x must be a non-negative integer and m̄ a non-negative amount',
      });
    if (r.x > 0 && r.mbar > 0) keep.push(r);
    else excluded += w;
  });
  const n = keep.length;
  const d: SpendData = {
    n,
    x: new Float64Array(n),
    mbar: new Float64Array(n),
    w: new Float64Array(n),
    W: 0,
    distinctX: [],
    weightOfX: [],
    xIndex: new Int32Array(n),
    sumWXLnM: 0,
    sumWLnM: 0,
    sumWXLnX: 0,
  };
  const pos = new Map<number, number>();
  keep.forEach((r, i) => {
    const w = r.weight ?? 1;
    d.x[i] = r.x;
    d.mbar[i] = r.mbar;
    d.w[i] = w;
    d.W += w;
    d.sumWXLnM += w * r.x * Math.log(r.mbar);
    d.sumWLnM += w * Math.log(r.mbar);
    d.sumWXLnX += w * r.x * Math.log(r.x);
    let k = pos.get(r.x);
    if (k === undefined) {
      k = d.distinctX.length;
      pos.set(r.x, k);
      d.distinctX.push(r.x);
      d.weightOfX.push(0);
    }
    d.weightOfX[k]! += w;
    d.xIndex[i] = k;
  });
  return { data: d, excluded };
}

function logLik(d: SpendData, p: number, q: number, g: number, grad?: Float64Array): number {
  let ll = -d.W * lgamma(q) + d.W * q * Math.log(g) + p * (d.sumWXLnM + d.sumWXLnX) - d.sumWLnM;
  let dp = d.sumWXLnM + d.sumWXLnX;
  let dq = -d.W * digamma(q) + d.W * Math.log(g);
  let dg = (d.W * q) / g;
  d.distinctX.forEach((x, k) => {
    const W = d.weightOfX[k]!;
    ll += W * (lgamma(p * x + q) - lgamma(p * x));
    if (grad) {
      const psiSum = digamma(p * x + q);
      dp += W * x * (psiSum - digamma(p * x));
      dq += W * psiSum;
    }
  });
  for (let i = 0; i < d.n; i++) {
    const x = d.x[i]!;
    const w = d.w[i]!;
    const denom = g + x * d.mbar[i]!;
    const ln = Math.log(denom);
    ll -= w * (p * x + q) * ln;
    if (grad) {
      dp -= w * x * ln;
      dq -= w * ln;
      dg -= (w * (p * x + q)) / denom;
    }
  }
  if (grad) {
    grad[0] = dp;
    grad[1] = dq;
    grad[2] = dg;
  }
  return ll;
}

export function fitGammaGamma(rows: readonly SpendTuple[], options: GammaGammaOptions = {}): GammaGammaFit {
  const startedAt = performance.now();
  const { data, excluded } = prepare(rows);
  if (data.n === 0)
    throw new StatsInputError('Gamma-Gamma: no customer with x > 0 and m̄ > 0 to fit', {
      hint: 'the spend model needs repeat customers with a positive average order value',
    });
  const penalty = options.penalty ?? 0;
  const g3 = new Float64Array(3);
  const raw = fitLogParams(
    // q > 1 keeps the population mean pγ/(q−1) finite (clv.md §3).
    { names: ['p', 'q', 'gamma'], lower: { q: 1 + 1e-6 }, defaultStart: { q: 2 } },
    (lp, grad) => {
      const [p, q, g] = Array.from(lp, Math.exp) as [number, number, number];
      const ll = logLik(data, p, q, g, grad ? g3 : undefined);
      if (grad) [p, q, g].forEach((v, i) => (grad[i] = (-v * g3[i]!) / data.W + 2 * penalty * v * v));
      return -ll / data.W + penalty * (p * p + q * q + g * g);
    },
    options,
  );
  const [p, q, gamma] = raw.theta as [number, number, number];
  const correlation = weightedCorrelation(data.x, data.mbar, data.w);
  const threshold = options.correlationThreshold ?? 0.3;
  const ok = !(Math.abs(correlation) > threshold);
  const warnings = ok
    ? []
    : [`gammagamma: frequency and spend are correlated (r = ${correlation.toFixed(3)} > ${threshold}); the model assumes independence`];
  const base = buildFitResult({
    model: 'gammagamma',
    params: { p, q, gamma },
    raw,
    logLik: logLik(data, p, q, gamma),
    customers: data.W,
    tuples: data.n,
    warnings,
    startedAt,
  });
  return { ...base, independence: { correlation, threshold, ok }, excluded };
}

/** E[M | x, m̄] = p(γ + x·m̄)/(px + q − 1); x = 0 gives the population mean pγ/(q − 1). */
export function conditionalExpectedSpend(params: GammaGammaParams, x: number, mbar: number): number {
  const { p, q, gamma } = params;
  return (p * (gamma + x * mbar)) / (p * x + q - 1);
}

export function populationMeanSpend(params: GammaGammaParams): number {
  return (params.p * params.gamma) / (params.q - 1);
}

export function weightedCorrelation(a: ArrayLike<number>, b: ArrayLike<number>, w?: ArrayLike<number>): number {
  let sw = 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    const wi = w ? w[i]! : 1;
    sw += wi;
    ma += wi * a[i]!;
    mb += wi * b[i]!;
  }
  ma /= sw;
  mb /= sw;
  let cab = 0;
  let caa = 0;
  let cbb = 0;
  for (let i = 0; i < a.length; i++) {
    const wi = w ? w[i]! : 1;
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    cab += wi * da * db;
    caa += wi * da * da;
    cbb += wi * db * db;
  }
  return caa > 0 && cbb > 0 ? cab / Math.sqrt(caa * cbb) : NaN;
}
