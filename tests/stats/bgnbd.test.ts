// BG/NBD against the published CDNOW figures (clv.md §6), never against our own output.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bgnbdTotalLogLik,
  expectedPurchases,
  expectedPurchasesNew,
  fitBgNbd,
  pAlive,
  pmf,
  probNoPurchase,
  type BgNbdParams,
} from '../../stats/bgnbd.js';
import { groupRfm } from '../../stats/tuples.js';
import type { FitResult } from '../../stats/types.js';
import { loadCdnowSummary, type SummaryRow } from './helpers/cdnow.js';

const PUBLISHED: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
let rows: SummaryRow[];
let fit: FitResult<BgNbdParams>;

beforeAll(async () => {
  rows = await loadCdnowSummary();
  fit = fitBgNbd(rows);
});

describe('BG/NBD on CDNOW (2,357 customers, weeks)', () => {
  it('reproduces the published parameters and log-likelihood', () => {
    expect(rows).toHaveLength(2357);
    expect(fit.status).toBe('converged');
    expect(fit.converged).toBe(true);
    expect(fit.warnings).toEqual([]);
    expect(fit.params.r).toBeCloseTo(0.243, 2);
    expect(Math.abs(fit.params.r - 0.242593)).toBeLessThan(0.015);
    expect(Math.abs(fit.params.alpha - 4.413532)).toBeLessThan(0.015);
    expect(Math.abs(fit.params.a - 0.792886)).toBeLessThan(0.015);
    expect(Math.abs(fit.params.b - 2.425752)).toBeLessThan(0.015);
    expect(Math.abs(fit.logLik - -9582.4256)).toBeLessThan(0.01);
    expect(fit.iterations).toBeGreaterThan(0);
  });

  it('gives the same fit on the 1,016 grouped tuples', () => {
    const grouped = groupRfm(rows);
    expect(grouped.tuples.size).toBe(1016);
    const g = fitBgNbd(grouped.tuples);
    expect(g.customers).toBe(2357);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(g.params[k]).toBeCloseTo(fit.params[k], 5);
    expect(g.logLik).toBeCloseTo(fit.logLik, 6);
  });

  it('LL at the published parameters is −9,582.4268', () => {
    expect(Math.abs(bgnbdTotalLogLik(PUBLISHED, rows) - -9582.4268)).toBeLessThan(0.01);
  });

  it('customer 1: E[Y(39)] = 1.226 and P(alive) = 0.7266', () => {
    expect(Math.abs(expectedPurchases(fit.params, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(0.001);
    expect(Math.abs(expectedPurchases(PUBLISHED, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(0.001);
    expect(Math.abs(pAlive(fit.params, 2, 30.43, 38.86) - 0.7266)).toBeLessThan(0.001);
  });

  it('E[X(t)] for a new customer', () => {
    const ts = [0.1429, 1, 3, 31.8571, 32, 78];
    const expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    ts.forEach((t, i) => expect(Math.abs(expectedPurchasesNew(fit.params, t) - expected[i]!)).toBeLessThan(0.0015));
  });

  it('PMF at the published parameters', () => {
    expect(Math.abs(pmf(PUBLISHED, 39, 0) - 0.5737864)).toBeLessThan(1e-4);
    expect(Math.abs(pmf(PUBLISHED, 2, 10) - 1.07869e-7)).toBeLessThan(1e-4);
    expect(pmf(PUBLISHED, 2, 10) / 1.07869e-7).toBeCloseTo(1, 3);
    let total = 0;
    for (let n = 0; n < 200; n++) total += pmf(PUBLISHED, 39, n);
    expect(total).toBeCloseTo(1, 8);
  });

  it('P(no purchase in 39 weeks) for x = 0, T = 38.86 is 0.8557 (two-term form)', () => {
    expect(probNoPurchase(fit.params, 39, 0, 0, 38.86)).toBeCloseTo(0.8557, 4);
  });

  it('P(alive) is exactly 1 at x = 0 and 0 at x = 1000 without overflow', () => {
    expect(pAlive(fit.params, 0, 0, 38.86)).toBe(1);
    expect(pAlive(fit.params, 1000, 10, 100)).toBe(0);
    const ey = expectedPurchases(fit.params, 39, 1000, 10, 100);
    expect(Number.isNaN(ey)).toBe(false);
    expect(ey).toBe(0);
    const active = expectedPurchases(fit.params, 39, 1000, 99.9, 100);
    expect(Number.isFinite(active)).toBe(true);
    expect(active).toBeGreaterThan(100);
    expect(Number.isFinite(expectedPurchases(fit.params, 5200, 150, 99, 100))).toBe(true);
  });

  it('Σ E[Y_i(39)] = 1,653.4 and the zero class predicts 0.225 per customer', () => {
    let total = 0;
    let zero = 0;
    let zeros = 0;
    for (const c of rows) {
      const e = expectedPurchases(fit.params, 39, c.x, c.tx, c.T);
      total += e;
      if (c.x === 0) {
        zero += e;
        zeros++;
      }
    }
    expect(Math.abs(total - 1653.4)).toBeLessThan(0.1);
    expect(zeros).toBe(1411);
    expect(Math.abs(zero / zeros - 0.225)).toBeLessThan(0.001);
  });
});
