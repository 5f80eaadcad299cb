// Seeded random numbers for simulations and tests: reproducible across runs and platforms.

/** mulberry32: a small, fast 32-bit generator; returns uniforms in (0, 1). */
export function seededUniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

// Every draw goes through `1 - u()`: callers may pass a [0, 1) generator (the simulator's), and the
// logarithms and powers below must never see 0.
function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Gamma(shape, scale = 1) by Marsaglia & Tsang (2000), boosted for shape < 1. */
export function sampleGamma(u: () => number, shape: number): number {
  if (shape < 1) return sampleGamma(u, shape + 1) * Math.pow(1 - u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = 1 - u();
    if (w < 1 - 0.0331 * x * x * x * x || Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function sampleBeta(u: () => number, a: number, b: number): number {
  const x = sampleGamma(u, a);
  return x / (x + sampleGamma(u, b));
}
