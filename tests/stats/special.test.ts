// Special functions against closed forms (not against our own output).
import { describe, expect, it } from 'vitest';
import { Hyp2f1Error, hyp2f1 } from '../../stats/hyp2f1.js';
import { digamma, lgamma, logAddExp, logSubExp, logisticOfNeg } from '../../stats/special.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

describe('lgamma / digamma', () => {
  it('matches factorials and Γ(1/2) = √π to ~1e-14', () => {
    let lnFact = 0;
    for (let n = 1; n <= 170; n++) {
      expect(rel(lgamma(n + 1), (lnFact += Math.log(n)))).toBeLessThan(1e-13);
    }
    expect(rel(lgamma(0.5), 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14);
    expect(rel(lgamma(2.5), Math.log(0.75 * Math.sqrt(Math.PI)))).toBeLessThan(1e-14);
    expect(lgamma(1)).toBe(0);
    // Γ(x) ~ 1/x for tiny x.
    expect(rel(lgamma(1e-10), -Math.log(1e-10) - 0.5772156649015329 * 1e-10)).toBeLessThan(1e-14);
    expect(lgamma(-1)).toBe(Infinity);
    expect(rel(lgamma(-0.5), Math.log(2 * Math.sqrt(Math.PI)))).toBeLessThan(1e-14);
  });

  it('digamma at known points', () => {
    const euler = 0.5772156649015329;
    expect(Math.abs(digamma(1) + euler)).toBeLessThan(1e-14);
    expect(Math.abs(digamma(0.5) - (-euler - 2 * Math.LN2))).toBeLessThan(1e-14);
    expect(Math.abs(digamma(11) - (-euler + [...Array(10)].reduce((s, _, k) => s + 1 / (k + 1), 0)))).toBeLessThan(1e-13);
  });
});

describe('hyp2f1', () => {
  it('matches closed forms', () => {
    for (const z of [0, 0.1, 0.5, 0.9, 0.99]) {
      expect(rel(hyp2f1(1, 1, 2, z), z === 0 ? 1 : -Math.log1p(-z) / z)).toBeLessThan(1e-12);
      // ₂F₁(a, b; b; z) = (1 − z)^(−a)
      expect(rel(hyp2f1(0.7, 3, 3, z), Math.pow(1 - z, -0.7))).toBeLessThan(1e-12);
    }
  });

  it('terminates for a non-positive integer numerator parameter', () => {
    expect(hyp2f1(-2, 1, 1, 0.5)).toBeCloseTo(0.25, 14); // (1 − z)^2
  });

  it('throws instead of returning a wrong value', () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(Hyp2f1Error);
    expect(() => hyp2f1(1, 1, 2, 0.9999, { maxTerms: 50 })).toThrow(/did not converge/);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(Hyp2f1Error);
  });
});

describe('stable log helpers', () => {
  it('never overflow', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSubExp(1000, 999)).toBeCloseTo(1000 + Math.log(1 - Math.exp(-1)), 12);
    expect(logSubExp(5, 5)).toBe(-Infinity);
    expect(logisticOfNeg(1e6)).toBe(0);
    expect(logisticOfNeg(-1e6)).toBe(1);
    expect(logisticOfNeg(0)).toBe(0.5);
  });
});
