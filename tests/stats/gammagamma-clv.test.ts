// Gamma-Gamma and discounted CLV against the published CDNOW figures (clv.md §3, §6).
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedPurchases, fitBgNbd, type BgNbdParams } from '../../stats/bgnbd.js';
import { discountCumulative, discountedClv, discountFactors } from '../../stats/clv.js';
import {
  conditionalExpectedSpend,
  fitGammaGamma,
  populationMeanSpend,
  type GammaGammaFit,
  type GammaGammaParams,
} from '../../stats/gammagamma.js';
import { loadCdnowSummary, type SummaryRow } from './helpers/cdnow.js';

// The MLEs as published in clv.md §6 (6 digits), used where a check is about a formula, not the optimiser.
const BG_MLE: BgNbdParams = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
const GG_MLE: GammaGammaParams = { p: 6.248803, q: 3.744588, gamma: 15.447748 };

let rows: SummaryRow[];
let gg: GammaGammaFit;
let bg: BgNbdParams;
const spendRows = () => rows.map((r) => ({ id: r.id, x: r.x, mbar: r.zbar }));

beforeAll(async () => {
  rows = await loadCdnowSummary();
  gg = fitGammaGamma(spendRows());
  bg = fitBgNbd(rows).params;
});

describe('Gamma-Gamma on CDNOW (946 repeat customers)', () => {
  it('reproduces p, q, γ and the log-likelihood', () => {
    expect(gg.customers).toBe(946);
    expect(gg.excluded).toBe(1411);
    expect(gg.status).toBe('converged');
    expect(Math.abs(gg.params.p - 6.25)).toBeLessThan(0.015);
    expect(Math.abs(gg.params.q - 3.74)).toBeLessThan(0.015);
    expect(Math.abs(gg.params.gamma - 15.44)).toBeLessThan(0.015);
    expect(Math.abs(gg.params.p - GG_MLE.p) / GG_MLE.p).toBeLessThan(1e-3);
    expect(Math.abs(gg.params.gamma - GG_MLE.gamma) / GG_MLE.gamma).toBeLessThan(1e-3);
    expect(Math.abs(gg.logLik - -4055.92)).toBeLessThan(0.01);
  });

  it('reports the frequency/spend independence check (corr 0.11)', () => {
    expect(gg.independence.correlation).toBeCloseTo(0.11, 2);
    expect(gg.independence.ok).toBe(true);
    const strict = fitGammaGamma(spendRows(), { correlationThreshold: 0.05 });
    expect(strict.independence.ok).toBe(false);
    expect(strict.warnings.join()).toMatch(/correlated/);
  });

  it('E[M] for customers 1–10 and the population mean', () => {
    const expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    rows.slice(0, 10).forEach((r, i) => {
      expect(Math.abs(conditionalExpectedSpend(gg.params, r.x, r.zbar) - expected[i]!)).toBeLessThan(0.1);
    });
    expect(Math.abs(populationMeanSpend(gg.params) - 35.17)).toBeLessThan(0.01);
    expect(Math.abs(populationMeanSpend({ p: 6.25, q: 3.74, gamma: 15.44 }) - 35.22)).toBeLessThan(0.01);
  });
});

describe('CLV, 12 months, 1 %/month, f = 4.345 weeks', () => {
  const clvOf = (b: BgNbdParams, g: GammaGammaParams, r: SummaryRow) =>
    discountedClv((t) => expectedPurchases(b, t, r.x, r.tx, r.T), conditionalExpectedSpend(g, r.x, r.zbar), {
      months: 12,
      discountRate: 0.01,
      periodsPerMonth: 4.345,
    });

  it('discountCumulative over the monthly expectations is discountedClv to the bit', () => {
    const factors = discountFactors(12, 0.01);
    for (const r of rows.slice(0, 20)) {
      const cumulative = Array.from({ length: 12 }, (_, k) => expectedPurchases(BG_MLE, (k + 1) * 4.345, r.x, r.tx, r.T));
      const spend = conditionalExpectedSpend(GG_MLE, r.x, r.zbar);
      expect(discountCumulative(cumulative, spend, factors)).toBe(clvOf(BG_MLE, GG_MLE, r));
    }
  });

  it('customers 1–5 at the fitted parameters', () => {
    const expected = [36.2785, 4.6375, 8.3441, 8.3441, 8.3441];
    rows.slice(0, 5).forEach((r, i) => expect(Math.abs(clvOf(bg, gg.params, r) - expected[i]!)).toBeLessThan(0.001));
  });

  it('cohort total 71,509.90 (formula at the published MLEs; fit within the optimiser spread)', () => {
    const total = (b: BgNbdParams, g: GammaGammaParams) => rows.reduce((s, r) => s + clvOf(b, g, r), 0);
    // 71,509.905 at the 6-digit MLEs: equal to the published figure at its cent rounding.
    expect(Math.abs(total(BG_MLE, GG_MLE) - 71509.9)).toBeLessThan(0.01);
    // Optimisers stop at slightly different points of a flat optimum (clv.md §5); 0.05 = 7e-7 relative.
    expect(Math.abs(total(bg, gg.params) - 71509.9)).toBeLessThan(0.05);
  });

  it('bottom-up holdout revenue Σ E[Y_i(39)]·E[M_i] = $59,933', () => {
    const revenue = rows.reduce(
      (s, r) => s + expectedPurchases(bg, 39, r.x, r.tx, r.T) * conditionalExpectedSpend(gg.params, r.x, r.zbar),
      0,
    );
    expect(Math.abs(revenue - 59933)).toBeLessThan(1);
  });
});
