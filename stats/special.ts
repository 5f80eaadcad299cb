// Special functions for the likelihoods. Written here (not a library) because every npm option either
// lacks digamma, ships a large dependency tree, or is only accurate to ~1e-10; the models need ~1e-14
// so that log-likelihoods summed over 10^6 customers stay correct to 0.01.

const HALF_LN_2PI = 0.9189385332046727;

// Stirling-series coefficients B_2k / (2k(2k-1)) for k = 1..8 (Abramowitz & Stegun 6.1.40).
const STIRLING = [
  1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400,
];

/** ln|Γ(x)|; ~1e-15 relative for x > 0. Shifts x up to ≥ 10 and uses the Stirling series there. */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) {
    if (Number.isInteger(x)) return Infinity;
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  }
  if (x === 1 || x === 2) return 0;
  let shift = 0;
  let prod = 1;
  while (x < 10) {
    prod *= x;
    x += 1;
    // Keep the running product far from overflow for tiny x (x < 1e-300 gives prod ~ x).
    if (prod > 1e280) {
      shift += Math.log(prod);
      prod = 1;
    }
  }
  shift += Math.log(prod);
  const inv = 1 / x;
  const inv2 = inv * inv;
  let series = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) series = series * inv2 + STIRLING[k]!;
  return (x - 0.5) * Math.log(x) - x + HALF_LN_2PI + series * inv - shift;
}

// Asymptotic coefficients B_2k / (2k) for ψ (A&S 6.3.18).
const DIGAMMA_ASYM = [1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12];

/** ψ(x) = d/dx lnΓ(x). */
export function digamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) {
    if (Number.isInteger(x)) return NaN;
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  }
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  let series = 0;
  for (let k = DIGAMMA_ASYM.length - 1; k >= 0; k--) series = series * inv2 + DIGAMMA_ASYM[k]!;
  return acc + Math.log(x) - 0.5 / x - series * inv2;
}

/** ln B(a, b). */
export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/** ln(e^u + e^v) without overflow. */
export function logAddExp(u: number, v: number): number {
  if (u === -Infinity) return v;
  if (v === -Infinity) return u;
  const m = u > v ? u : v;
  return m + Math.log1p(Math.exp(-Math.abs(u - v)));
}

/** ln(e^u − e^v) for u ≥ v; −Infinity when equal. */
export function logSubExp(u: number, v: number): number {
  if (v === -Infinity) return u;
  const d = v - u; // ≤ 0
  if (d >= 0) return -Infinity;
  // ln(1 − e^d): use expm1 near 0 and log1p far from it (Mächler 2012).
  return u + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/** 1 / (1 + e^d), stable for any d (never overflows to NaN). */
export function logisticOfNeg(d: number): number {
  if (d >= 0) {
    const e = Math.exp(-d);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(d));
}
