// Simulated BG/NBD customers (for recovery tests and the benchmark): acquisition spread uniformly over
// a window of days, purchases at day resolution, same-day purchases merged, as in clv.md §7.
import type { BgNbdParams } from './bgnbd.js';
import { sampleBeta, sampleGamma, seededUniform } from './random.js';
import { DAYS_PER_PERIOD, type Period } from './summary.js';

export interface SimulationOptions {
  customers: number;
  params: BgNbdParams;
  /** Acquisition window and observation end, in days (default 730). */
  days?: number;
  /** Time unit of params and of the returned t_x, T (default week). */
  period?: Period;
  seed?: number;
  /** Also simulate this many further days for holdout counts (default 0). */
  holdoutDays?: number;
  /** 'day' (default) rounds purchase times to days and merges same-day purchases; 'continuous' keeps
   * exact times, which is the model's own data-generating process (for unbiased recovery checks). */
  resolution?: 'day' | 'continuous';
}

export interface SimulatedCustomers {
  x: Int32Array;
  tx: Float64Array;
  T: Float64Array;
  firstDay: Int32Array;
  /** Purchase days after the observation end, within holdoutDays. */
  holdout: Int32Array;
}

export function simulateBgNbd(options: SimulationOptions): SimulatedCustomers {
  const { customers: n, params } = options;
  const days = options.days ?? 730;
  const unit = DAYS_PER_PERIOD[options.period ?? 'week'];
  const horizon = days + (options.holdoutDays ?? 0);
  const u = seededUniform(options.seed ?? 1);
  const out: SimulatedCustomers = {
    x: new Int32Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    firstDay: new Int32Array(n),
    holdout: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const first = Math.floor(u() * days);
    const lambda = sampleGamma(u, params.r) / params.alpha; // purchases per period
    const p = sampleBeta(u, params.a, params.b);
    let t = 0; // periods since first purchase (continuous)
    let lastDay = first;
    let seenDay = first;
    let x = 0;
    let holdout = 0;
    if (options.resolution === 'continuous') {
      const T = (days - first) / unit;
      let tx = 0;
      for (;;) {
        t += -Math.log(u()) / lambda;
        if (!(t < T)) break;
        x++;
        tx = t;
        if (u() < p) break;
      }
      out.x[i] = x;
      out.firstDay[i] = first;
      out.tx[i] = tx;
      out.T[i] = T;
      continue;
    }
    for (;;) {
      t += -Math.log(u()) / lambda;
      const day = first + Math.floor(t * unit);
      if (!(day < horizon)) break;
      if (day !== seenDay) {
        seenDay = day;
        if (day < days) {
          x++;
          lastDay = day;
        } else holdout++;
      }
      // BG/NBD: after every repeat purchase the customer drops out with probability p.
      if (u() < p) break;
    }
    out.x[i] = x;
    out.firstDay[i] = first;
    out.tx[i] = (lastDay - first) / unit;
    out.T[i] = (days - 1 - first) / unit;
    out.holdout[i] = holdout;
  }
  return out;
}

/** Average repeat-order values under Gamma-Gamma: ν ~ Gamma(q, rate γ), m̄ | x, ν ~ Gamma(p·x, rate ν·x). */
export function simulateSpend(
  x: ArrayLike<number>,
  params: { p: number; q: number; gamma: number },
  seed = 2,
): Float64Array {
  const u = seededUniform(seed);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const nu = sampleGamma(u, params.q) / params.gamma;
    out[i] = sampleGamma(u, params.p * xi) / (nu * xi);
  }
  return out;
}
