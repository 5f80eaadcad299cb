// Bounded Nelder-Mead (points are clamped into the box): the gradient-free fallback when BFGS fails.
import type { Box, MinimizeResult } from './optimize.js';

export interface NelderMeadOptions {
  maxEvaluations?: number;
  /** Stop when the simplex's function values span less than this (absolute). */
  fTolerance?: number;
  xTolerance?: number;
}

export function minimizeNelderMead(
  f: (x: Float64Array) => number,
  x0: number[],
  box: Box,
  options: NelderMeadOptions = {},
): MinimizeResult {
  const n = x0.length;
  const maxEval = options.maxEvaluations ?? 4000;
  const fTol = options.fTolerance ?? 1e-12;
  const xTol = options.xTolerance ?? 1e-9;
  const clamp = (p: number[]): number[] => p.map((v, i) => Math.min(box.upper[i]!, Math.max(box.lower[i]!, v)));
  let evaluations = 0;
  const evaluate = (p: number[]): number => {
    evaluations++;
    const v = f(Float64Array.from(p));
    return Number.isFinite(v) ? v : Infinity;
  };
  const pts: number[][] = [clamp(x0)];
  for (let i = 0; i < n; i++) {
    const p = pts[0]!.slice();
    p[i] = p[i]! + (Math.abs(p[i]!) > 1e-3 ? 0.05 * Math.abs(p[i]!) + 0.1 : 0.25);
    pts.push(clamp(p));
  }
  let vals = pts.map(evaluate);
  let iterations = 0;
  let converged = false;
  while (evaluations < maxEval) {
    iterations++;
    const order = vals.map((_, i) => i).sort((i, j) => vals[i]! - vals[j]!);
    const sorted = order.map((i) => pts[i]!);
    vals = order.map((i) => vals[i]!);
    pts.splice(0, pts.length, ...sorted);
    const spread = Math.max(...pts.slice(1).map((p) => Math.max(...p.map((v, i) => Math.abs(v - pts[0]![i]!)))));
    if (vals[n]! - vals[0]! <= fTol && spread <= xTol * 1e3) {
      converged = true;
      break;
    }
    if (spread <= xTol) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i]! += pts[k]![i]! / n;
    const along = (coef: number): number[] => clamp(centroid.map((c, i) => c + coef * (c - pts[n]![i]!)));
    const xr = along(1);
    const fr = evaluate(xr);
    if (fr < vals[0]!) {
      const xe = along(2);
      const fe = evaluate(xe);
      [pts[n], vals[n]] = fe < fr ? [xe, fe] : [xr, fr];
    } else if (fr < vals[n - 1]!) {
      [pts[n], vals[n]] = [xr, fr];
    } else {
      const xc = fr < vals[n]! ? along(0.5) : along(-0.5);
      const fc = evaluate(xc);
      if (fc < Math.min(fr, vals[n]!)) [pts[n], vals[n]] = [xc, fc];
      else {
        for (let k = 1; k <= n; k++) {
          pts[k] = clamp(pts[k]!.map((v, i) => pts[0]![i]! + 0.5 * (v - pts[0]![i]!)));
          vals[k] = evaluate(pts[k]!);
        }
      }
    }
  }
  const best = vals.indexOf(Math.min(...vals));
  const x = pts[best]!;
  return {
    x,
    f: vals[best]!,
    iterations,
    evaluations,
    converged,
    message: converged ? 'simplex collapsed' : 'maximum evaluations reached',
    atBound: x.map((v, i) => v <= box.lower[i]! || v >= box.upper[i]!),
  };
}
