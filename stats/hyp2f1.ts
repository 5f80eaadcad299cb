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

export function hyp2f1(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): number {
  const tol = options.tolerance ?? 1e-15;
  const maxTerms = options.maxTerms ?? 100_000;
  if (!(z >= 0 && z < 1)) throw new Hyp2f1Error(`hyp2f1: argument z = ${z} outside [0, 1)`);
  if (c <= 0 && Number.isInteger(c)) throw new Hyp2f1Error(`hyp2f1: c = ${c} is a non-positive integer`);
  if (![a, b, c].every(Number.isFinite)) throw new Hyp2f1Error(`hyp2f1: non-finite parameter (${a}, ${b}, ${c})`);
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
