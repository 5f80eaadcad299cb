// Recovery of known parameters from simulated customers, the no-dropout boundary, and input validation.
import { describe, expect, it } from 'vitest';
import { expectedPurchases, fitBgNbd, pAlive, type BgNbdParams } from '../../stats/bgnbd.js';
import { StatsInputError } from '../../stats/errors.js';
import { simulateBgNbd } from '../../stats/simulate.js';
import { groupRfm } from '../../stats/tuples.js';

const TRUTH: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const asRows = (s: ReturnType<typeof simulateBgNbd>) =>
  Array.from(s.x, (x, i) => ({ x, tx: s.tx[i]!, T: s.T[i]! }));

describe('synthetic BG/NBD customers (seeded)', () => {
  it('recovers r, α, a, b from 50,000 simulated customers within 10 %', () => {
    const sim = simulateBgNbd({ customers: 50_000, params: TRUTH, seed: 7, resolution: 'continuous' });
    const fit = fitBgNbd(groupRfm(asRows(sim)).tuples);
    expect(fit.status).toBe('converged');
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit.params[k] - TRUTH[k]) / TRUTH[k]).toBeLessThan(0.1);
    }
  });

  it('day-resolution simulation groups into far fewer tuples than customers', () => {
    const sim = simulateBgNbd({ customers: 20_000, params: TRUTH, seed: 3 });
    const grouped = groupRfm(asRows(sim));
    expect(grouped.tuples.size).toBeLessThan(12_000);
    expect(grouped.tuples.weight.reduce((s, w) => s + w, 0)).toBe(20_000);
  });
});

describe('boundary: data with no dropout', () => {
  it('reports "no detectable dropout" with a warning, never NaN', () => {
    // a → 0 makes every simulated dropout probability 0: customers buy at their Poisson rate until T.
    const sim = simulateBgNbd({ customers: 5_000, params: { r: 2, alpha: 4, a: 1e-9, b: 1 }, seed: 11, resolution: 'continuous' });
    const fit = fitBgNbd(groupRfm(asRows(sim)).tuples);
    expect(fit.status).toBe('no detectable dropout');
    expect(fit.warnings.some((w) => /no detectable dropout/.test(w))).toBe(true);
    expect(Number.isFinite(fit.logLik)).toBe(true);
    for (const v of Object.values(fit.params)) expect(Number.isFinite(v)).toBe(true);
    const alive = pAlive(fit.params, 5, 3, 40);
    expect(alive).toBeGreaterThan(0.99);
    expect(Number.isFinite(expectedPurchases(fit.params, 39, 5, 3, 40))).toBe(true);
  });
});

describe('input validation names the customer', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ id: 'c7', x: 2, tx: 40, T: 30 }, /customer c7: t_x > T/],
    [{ id: 'c8', x: 2, tx: -1, T: 30 }, /customer c8: t_x < 0/],
    [{ id: 'c9', x: 0, tx: 3, T: 30 }, /customer c9: x = 0 with t_x ≠ 0/],
    [{ x: 1.5, tx: 3, T: 30 }, /row 2: x must be a non-negative integer/],
  ];
  for (const [bad, message] of cases) {
    it(String(message), () => {
      const rows = [{ x: 1, tx: 2, T: 10 }, bad as never];
      expect(() => fitBgNbd(rows)).toThrow(StatsInputError);
      expect(() => fitBgNbd(rows)).toThrow(message);
    });
  }
});
