// Pareto/NBD and MBG/NBD against the published CDNOW figures (clv.md §4, §6), and the model registry.
import { beforeAll, describe, expect, it } from 'vitest';
import { fitMbgNbd, mbgnbdPAlive } from '../../stats/mbgnbd.js';
import { purchaseModels } from '../../stats/models.js';
import { fitParetoNbd, paretoExpectedPurchases, paretoPAlive } from '../../stats/paretonbd.js';
import { groupRfm } from '../../stats/tuples.js';
import type { RfmData } from '../../stats/types.js';
import { loadCdnowSummary } from './helpers/cdnow.js';

let tuples: RfmData;
beforeAll(async () => {
  tuples = groupRfm(await loadCdnowSummary()).tuples;
});

describe('Pareto/NBD on CDNOW', () => {
  it('reproduces r, α, s, β and LL −9,594.97', () => {
    const fit = fitParetoNbd(tuples);
    expect(fit.status).toBe('converged');
    const mle = { r: 0.55328, alpha: 10.57761, s: 0.60621, beta: 11.66791 };
    for (const k of ['r', 'alpha', 's', 'beta'] as const) expect(Math.abs(fit.params[k] - mle[k])).toBeLessThan(0.015);
    expect(Math.abs(fit.logLik - -9594.97)).toBeLessThan(0.05);
  });

  it('P(alive) 0.9979 and E[Y(52)] 25.46 for x = 26, t_x = 30.86, T = 31', () => {
    const p = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };
    expect(Math.abs(paretoPAlive(p, 26, 30.86, 31) - 0.9979)).toBeLessThan(0.001);
    expect(Math.abs(paretoExpectedPurchases(p, 52, 26, 30.86, 31) - 25.46)).toBeLessThan(0.01);
    expect(paretoPAlive(p, 0, 0, 31)).toBeLessThan(1);
  });
});

describe('MBG/NBD on CDNOW', () => {
  it('reproduces r, α, a, b and LL −9,582.13', () => {
    const fit = fitMbgNbd(tuples);
    expect(fit.status).toBe('converged');
    const mle = { r: 0.524838, alpha: 6.182988, a: 0.891356, b: 1.614 };
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(fit.params[k] - mle[k])).toBeLessThan(0.0015);
    expect(Math.abs(fit.logLik - -9582.13)).toBeLessThan(0.01);
    // One-time buyers are not certainly alive under MBG/NBD.
    expect(mbgnbdPAlive(fit.params, 0, 0, 38.86)).toBeLessThan(1);
  });
});

describe('model registry', () => {
  it('fits each model by name and exposes comparable log-likelihoods', () => {
    const lls = Object.values(purchaseModels).map((m) => {
      const fit = m.fit(tuples);
      const ey = m.expectedPurchases(fit.params, 39, 2, 30.43, 38.86);
      expect(ey).toBeGreaterThan(0.9);
      expect(ey).toBeLessThan(1.6);
      return fit.logLik;
    });
    expect(lls.every(Number.isFinite)).toBe(true);
  });
});
