// Box-bounded minimisers for a handful of parameters (the models have 3-4). A projected BFGS with a dense
// inverse Hessian (the L-BFGS-B idea without the limited memory, which only pays off for many variables)
// and a bounded Nelder-Mead used as a fallback when gradients misbehave.

/** Returns f(x); when `grad` is given, also writes ∇f(x) into it. */
export type Objective = (x: Float64Array, grad?: Float64Array) => number;

export interface Box {
  lower: number[];
  upper: number[];
}

export interface MinimizeOptions {
  maxIterations?: number;
  /** Stop when the projected gradient's largest component is below this. */
  gradientTolerance?: number;
  /** Stop when the relative decrease of f over an iteration is below this (SciPy's factr·eps). */
  functionTolerance?: number;
  /** Inverse Hessian to start from (e.g. the previous fit's, for a warm start next to its optimum): BFGS
   * then takes full Newton-like steps at once instead of rebuilding curvature from the identity. */
  initialInverseHessian?: number[][];
}

export interface MinimizeResult {
  x: number[];
  f: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  message: string;
  /** Per variable: sitting on its lower or upper bound at the end. */
  atBound: boolean[];
  /** BFGS's final inverse-Hessian estimate (absent from Nelder-Mead). */
  inverseHessian?: number[][];
}

const project = (x: Float64Array, box: Box): void => {
  for (let i = 0; i < x.length; i++) x[i] = Math.min(box.upper[i]!, Math.max(box.lower[i]!, x[i]!));
};

const boundFlags = (x: ArrayLike<number>, box: Box): boolean[] =>
  Array.from(x, (v, i) => v <= box.lower[i]! || v >= box.upper[i]!);

/** A variable is fixed this iteration when it sits on a bound and the gradient pushes it outward. */
function freeMask(x: Float64Array, g: Float64Array, box: Box): boolean[] {
  return Array.from(x, (v, i) => !((v <= box.lower[i]! && g[i]! > 0) || (v >= box.upper[i]! && g[i]! < 0)));
}

export function minimizeBfgsBox(fn: Objective, x0: number[], box: Box, options: MinimizeOptions = {}): MinimizeResult {
  const n = x0.length;
  const maxIter = options.maxIterations ?? 500;
  const gtol = options.gradientTolerance ?? 1e-7;
  const ftol = options.functionTolerance ?? 1e-14;
  const x = Float64Array.from(x0);
  project(x, box);
  const g = new Float64Array(n);
  let evaluations = 1;
  let f = fn(x, g);
  const given = options.initialInverseHessian;
  const warm = given !== undefined && given.length === n && given.every((row) => row.length === n && row.every(Number.isFinite));
  const H = warm ? given.map((row) => [...row]) : identity(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const d = new Float64Array(n);
  let message = 'maximum iterations reached';
  let converged = false;
  let iter = 0;
  if (!Number.isFinite(f)) return done('objective not finite at the start', false);
  for (; iter < maxIter; iter++) {
    const free = freeMask(x, g, box);
    let pgMax = 0;
    for (let i = 0; i < n; i++) if (free[i]) pgMax = Math.max(pgMax, Math.abs(g[i]!));
    if (pgMax < gtol) {
      message = 'projected gradient below tolerance';
      converged = true;
      break;
    }
    // Search direction on the free variables only.
    let slope = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      if (free[i]) for (let j = 0; j < n; j++) if (free[j]) s -= H[i]![j]! * g[j]!;
      d[i] = s;
      slope += s * g[i]!;
    }
    if (!(slope < 0)) {
      resetIdentity(H);
      slope = 0;
      for (let i = 0; i < n; i++) {
        d[i] = free[i] ? -g[i]! : 0;
        slope += d[i]! * g[i]!;
      }
    }
    // First step: unit length in the scaled space, as L-BFGS-B does before it has curvature.
    let t = iter === 0 && !warm ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let fNew = Infinity;
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      let decrease = 0;
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + t * d[i]!;
      project(xNew, box);
      for (let i = 0; i < n; i++) decrease += g[i]! * (xNew[i]! - x[i]!);
      fNew = fn(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      t *= k < 2 ? 0.5 : 0.2;
    }
    if (!accepted) {
      // No decrease along the direction: we are at the optimum to machine precision, or lost.
      converged = pgMax < Math.sqrt(gtol);
      message = converged ? 'line search stalled at a stationary point' : 'line search failed';
      break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
      sy += s[i]! * y[i]!;
    }
    const relDecrease = (f - fNew) / Math.max(Math.abs(f), Math.abs(fNew), 1);
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    if (sy > 1e-12 * norm(s) * norm(y)) bfgsUpdate(H, s, y, sy, iter === 0 && !warm);
    if (relDecrease <= ftol) {
      message = 'relative reduction of the objective below tolerance';
      converged = true;
      iter++;
      break;
    }
  }
  return done(message, converged);

  function done(msg: string, ok: boolean): MinimizeResult {
    return { x: Array.from(x), f, iterations: iter, evaluations, converged: ok, message: msg, atBound: boundFlags(x, box), inverseHessian: H.map((row) => [...row]) };
  }
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

function resetIdentity(H: number[][]): void {
  for (let i = 0; i < H.length; i++) for (let j = 0; j < H.length; j++) H[i]![j] = i === j ? 1 : 0;
}

function norm(v: Float64Array): number {
  let s = 0;
  for (const e of v) s += e * e;
  return Math.sqrt(s);
}

/** Inverse-Hessian BFGS update (Nocedal & Wright eq. 6.17); rescales H before the first update (eq. 6.20). */
function bfgsUpdate(H: number[][], s: Float64Array, y: Float64Array, sy: number, first: boolean): void {
  const n = s.length;
  if (first) {
    let yy = 0;
    for (const e of y) yy += e * e;
    const scale = sy / yy;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) H[i]![j]! *= scale;
  }
  const rho = 1 / sy;
  const Hy = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Hy[i]! += H[i]![j]! * y[j]!;
  let yHy = 0;
  for (let i = 0; i < n; i++) yHy += y[i]! * Hy[i]!;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      H[i]![j]! += -rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!;
}

/** Central-difference gradient, for models whose analytic gradient is not worth writing (Pareto/NBD). */
export function withNumericGradient(f: (x: Float64Array) => number, step = 1e-6): Objective {
  return (x, grad) => {
    const fx = f(x);
    if (grad) {
      const xi = Float64Array.from(x);
      for (let i = 0; i < x.length; i++) {
        const h = step * Math.max(1, Math.abs(x[i]!));
        xi[i] = x[i]! + h;
        const fp = f(xi);
        xi[i] = x[i]! - h;
        const fm = f(xi);
        xi[i] = x[i]!;
        grad[i] = (fp - fm) / (2 * h);
      }
    }
    return fx;
  };
}
