// The Pareto/NBD fit's analytic gradient: ₂F₁'s derivatives from its series terms, and the likelihood's
// gradient against central differences on CDNOW on both sides of the α ≥ β branch, with the value the
// same number whether or not the gradient is asked for.
import { beforeAll, describe, expect, it } from 'vitest';
import { hyp2f1, hyp2f1WithDerivatives } from '../../stats/hyp2f1.js';
import { indexPareto, paretoLogLik, type ParetoIndex, type ParetoNbdParams } from '../../stats/paretonbd.js';
import { indexRfm } from '../../stats/rfm-index.js';
import { groupRfm } from '../../stats/tuples.js';
import { loadCdnowSummary } from './helpers/cdnow.js';

let ix: ParetoIndex;
beforeAll(async () => {
  ix = indexPareto(indexRfm(groupRfm(await loadCdnowSummary()).tuples));
});

const central = (f: (h: number) => number, h: number): number => (f(h) - f(-h)) / (2 * h);

describe('hyp2f1WithDerivatives', () => {
  it.each([
    [1.2, 1.6, 2.2, 0.3],
    [27.2, 0.6, 28.2, 0.85],
    [3.5, 14.1, 4.5, 0.02],
  ])('₂F₁(%f, %f; %f; %f): value to the bit, derivatives to 1e-7', (a, b, c, z) => {
    const d = new Float64Array(4);
    expect(hyp2f1WithDerivatives(a, b, c, z, d)).toBe(hyp2f1(a, b, c, z));
    const args = [a, b, c, z];
    for (let j = 0; j < 4; j++) {
      const h = 1e-6 * Math.max(args[j]!, 1e-3);
      const numeric = central((e) => hyp2f1(...(args.map((v, i) => (i === j ? v + e : v)) as [number, number, number, number])), h);
      expect(Math.abs(d[j]! / numeric - 1), `derivative ${j}`).toBeLessThan(1e-7);
    }
  });

  it('at z = 0: F = 1 and only ∂F/∂z = ab/c', () => {
    const d = new Float64Array(4);
    expect(hyp2f1WithDerivatives(2, 3, 4, 0, d)).toBe(1);
    expect(Array.from(d)).toEqual([0, 0, 0, 1.5]);
  });
});

describe('Pareto/NBD log-likelihood gradient', () => {
  it.each<[string, ParetoNbdParams]>([
    ['α < β (published)', { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 }],
    ['α ≥ β', { r: 0.55, alpha: 12.58, s: 0.61, beta: 11.67 }],
    ['far from the optimum', { r: 1.3, alpha: 3, s: 2.1, beta: 40 }],
  ])('%s: matches central differences, same value', (_, p) => {
    const g = new Float64Array(4);
    expect(paretoLogLik(ix, p, g)).toBe(paretoLogLik(ix, p));
    (['r', 'alpha', 's', 'beta'] as const).forEach((k, j) => {
      const numeric = central((e) => paretoLogLik(ix, { ...p, [k]: p[k] + e }), 1e-6 * p[k]);
      // central differences of a ~1e4 sum carry ~1e-6 absolute error; the scale keeps near-zero partials fair
      expect(Math.abs(g[j]! - numeric), k).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
    });
  });
});
