// Gauss hypergeometric ₂F₁(a, b; c; z) by its power series, for 0 ≤ z < 1. Callers pass it the
// Euler-transformed parameters (clv.md §2) so that the numerator parameters stay small and the series
// converges in a few dozen terms even for x = 1000; anything else is reported, never silently wrong.

export class Hyp2f1Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Hyp2f1Error';
  }
}

export interface Hyp2f1Options {
  /** Stop once a term is below this fraction of the running sum (default 1e-15). */
  tolerance?: number;
  /** Give up (and throw) after this many terms (default 100,000). */
  maxTerms?: number;
}

export function hyp2f1(a: number, b: number, c: number, z: number, options?: Hyp2f1Options): number {
  const tol = options?.tolerance ?? 1e-15;
  const maxTerms = options?.maxTerms ?? 100_000;
  if (!(z >= 0 && z < 1)) throw new Hyp2f1Error(`hyp2f1: argument z = ${z} outside [0, 1)`);
  if (c <= 0 && Number.isInteger(c)) throw new Hyp2f1Error(`hyp2f1: c = ${c} is a non-positive integer`);
  if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c))) throw new Hyp2f1Error(`hyp2f1: non-finite parameter (${a}, ${b}, ${c})`);
  let term = 1;
  let sum = 1;
  let small = 0;
  for (let n = 0; n < maxTerms; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (term === 0) return sum; // a or b a non-positive integer: the series terminated
    // Two consecutive negligible terms, so a single term that is small because a + n ≈ 0 does not stop it.
    if (Math.abs(term) <= tol * Math.abs(sum)) {
      if (++small >= 2) return sum;
    } else small = 0;
    if (!Number.isFinite(sum)) break;
  }
  throw new Hyp2f1Error(
    `hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge in ${maxTerms} terms (last sum ${sum})`,
  );
}

/**
 * ₂F₁(a, b; c; z) and its partial derivatives, for likelihood gradients (Pareto/NBD). The value is summed
 * and stopped exactly as hyp2f1 does, so it is the same number to the bit; the derivatives come from the
 * same terms: ∂ln tₙ/∂a = Σ_{k<n} 1/(a+k) (likewise b, and −Σ 1/(c+k) for c) and ∂tₙ/∂z = n·tₙ/z, summed
 * until their own terms are negligible. Writes [∂F/∂a, ∂F/∂b, ∂F/∂c, ∂F/∂z] into `out` at `offset`.
 */
export function hyp2f1WithDerivatives(a: number, b: number, c: number, z: number, out: Float64Array, offset = 0, options?: Hyp2f1Options): number {
  const tol = options?.tolerance ?? 1e-15;
  const maxTerms = options?.maxTerms ?? 100_000;
  if (!(z >= 0 && z < 1)) throw new Hyp2f1Error(`hyp2f1: argument z = ${z} outside [0, 1)`);
  if (c <= 0 && Number.isInteger(c)) throw new Hyp2f1Error(`hyp2f1: c = ${c} is a non-positive integer`);
  if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c))) throw new Hyp2f1Error(`hyp2f1: non-finite parameter (${a}, ${b}, ${c})`);
  // A terminating series (a or b a non-positive integer) has derivatives this term-wise sum does not give.
  if ((a <= 0 && Number.isInteger(a)) || (b <= 0 && Number.isInteger(b))) throw new Hyp2f1Error(`hyp2f1 derivatives: a = ${a} or b = ${b} is a non-positive integer`);
  if (z === 0) {
    // F = 1 whatever a, b, c; only the first term's z-derivative ab/c survives.
    out[offset] = 0;
    out[offset + 1] = 0;
    out[offset + 2] = 0;
    out[offset + 3] = (a * b) / c;
    return 1;
  }
  let term = 1;
  let sum = 1;
  let valueDone = false;
  let small = 0;
  let da = 0, db = 0, dc = 0; // Σ_{k<n} 1/(a+k), 1/(b+k), −1/(c+k) for the current term n
  let sa = 0, sb = 0, sc = 0, sz = 0;
  let smallDerivative = 0;
  for (let n = 0; n < maxTerms; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    da += 1 / (a + n);
    db += 1 / (b + n);
    dc -= 1 / (c + n);
    if (!valueDone) {
      sum += term;
      if (term === 0) valueDone = true;
      else if (Math.abs(term) <= tol * Math.abs(sum)) {
        if (++small >= 2) valueDone = true;
      } else small = 0;
      if (!Number.isFinite(sum)) break;
    }
    const ta = term * da, tb = term * db, tc = term * dc, tz = term * (n + 1);
    sa += ta;
    sb += tb;
    sc += tc;
    sz += tz;
    if (valueDone) {
      const negligible = Math.abs(ta) <= tol * Math.abs(sa) && Math.abs(tb) <= tol * Math.abs(sb) && Math.abs(tc) <= tol * Math.abs(sc) && Math.abs(tz) <= tol * Math.abs(sz);
      if (term === 0 || negligible) {
        if (term === 0 || ++smallDerivative >= 2) {
          out[offset] = sa;
          out[offset + 1] = sb;
          out[offset + 2] = sc;
          out[offset + 3] = sz / z;
          return sum;
        }
      } else smallDerivative = 0;
    }
  }
  throw new Hyp2f1Error(`hyp2f1(${a}, ${b}; ${c}; ${z}) or its derivatives did not converge in ${maxTerms} terms (last sum ${sum})`);
}
