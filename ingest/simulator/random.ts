// Seeded PRNG and samplers. Hand-written because the store must be bit-for-bit reproducible from a seed
// across Node versions, which Math.random and most sampling libraries do not promise.

import { sampleBeta, sampleGamma } from '../../stats/random.js';

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for simulation (not for cryptography). Returns [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes two integers into a seed so each entity gets its own independent stream (lazy materialisation). */
export function subSeed(seed: number, index: number, salt = 0): number {
  let h = (seed ^ Math.imul(index + 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 1, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Gamma(shape, rate), mean shape/rate: the statistics library's Marsaglia & Tsang sampler. */
export function gamma(rng: Rng, shape: number, rate: number): number {
  return sampleGamma(rng, shape) / rate;
}

export function beta(rng: Rng, a: number, b: number): number {
  return sampleBeta(rng, a, b);
}

export function exponential(rng: Rng, rate: number): number {
  return -Math.log(1 - rng()) / rate;
}

export function randInt(rng: Rng, lo: number, hiInclusive: number): number {
  return lo + Math.floor(rng() * (hiInclusive - lo + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

/** Index drawn from cumulative weights (binary search). */
export function pickCumulative(rng: Rng, cumulative: Float64Array): number {
  const target = rng() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
