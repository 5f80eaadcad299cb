// The shared fitting driver: minimise a mean negative log-likelihood over ln θ in a box, fall back to
// Nelder-Mead when BFGS fails, and turn the optimiser's outcome into a named status plus warnings.
import { minimizeNelderMead } from './nelder-mead.js';
import { minimizeBfgsBox, type Objective, type MinimizeResult } from './optimize.js';
import type { FitOptions, FitResult, FitStatus, ModelName } from './types.js';

export interface LogParamSpec {
  names: string[];
  /** Per-parameter natural-scale bounds overriding FitOptions.bounds (e.g. Gamma-Gamma q > 1). */
  lower?: Partial<Record<string, number>>;
  defaultStart?: Partial<Record<string, number>>;
}

export interface RawFit {
  theta: number[];
  meanNll: number;
  result: MinimizeResult;
  optimizer: 'bfgs-box' | 'nelder-mead';
  atBound: string[];
}

export function fitLogParams(spec: LogParamSpec, objective: Objective, options: FitOptions): RawFit {
  const lo = options.bounds?.lower ?? 1e-6;
  const hi = options.bounds?.upper ?? 1e6;
  const box = {
    lower: spec.names.map((n) => Math.log(spec.lower?.[n] ?? lo)),
    upper: spec.names.map(() => Math.log(hi)),
  };
  const x0 = spec.names.map((n) => {
    const v = options.start?.[n] ?? spec.defaultStart?.[n];
    return v === undefined ? 0 : Math.log(v);
  });
  let result = minimizeBfgsBox(objective, x0, box, { maxIterations: options.maxIterations ?? 1000, initialInverseHessian: options.inverseHessian });
  let optimizer: RawFit['optimizer'] = 'bfgs-box';
  if (!result.converged || !Number.isFinite(result.f)) {
    const nm = minimizeNelderMead((x) => objective(x), Number.isFinite(result.f) ? result.x : x0, box, {
      maxEvaluations: 20_000,
    });
    if (nm.f < result.f || !Number.isFinite(result.f)) {
      result = { ...nm, iterations: result.iterations + nm.iterations, evaluations: result.evaluations + nm.evaluations };
      optimizer = 'nelder-mead';
    }
  }
  return {
    theta: result.x.map(Math.exp),
    meanNll: result.f,
    result,
    optimizer,
    atBound: spec.names.filter((_, i) => result.atBound[i]),
  };
}

export function buildFitResult<P>(args: {
  model: ModelName;
  params: P;
  raw: RawFit;
  logLik: number;
  customers: number;
  tuples: number;
  /** A model-specific diagnosis such as "no detectable dropout", with its explanation. */
  diagnosis?: { status: FitStatus; warning: string };
  warnings?: string[];
  startedAt: number;
}): FitResult<P> {
  const { raw } = args;
  const warnings = [...(args.warnings ?? [])];
  let status: FitStatus = 'converged';
  if (args.diagnosis) {
    status = args.diagnosis.status;
    warnings.push(args.diagnosis.warning);
  }
  if (!raw.result.converged) {
    if (status === 'converged') status = 'did not converge';
    warnings.push(`${args.model}: optimiser did not converge (${raw.result.message}) after ${raw.result.iterations} iterations`);
  }
  if (raw.atBound.length > 0) {
    if (status === 'converged') status = 'at bound';
    warnings.push(`${args.model}: parameter(s) at their bound: ${raw.atBound.join(', ')}`);
  }
  if (!Number.isFinite(args.logLik)) warnings.push(`${args.model}: log-likelihood is not finite`);
  return {
    model: args.model,
    params: args.params,
    logLik: args.logLik,
    customers: args.customers,
    tuples: args.tuples,
    converged: raw.result.converged,
    iterations: raw.result.iterations,
    evaluations: raw.result.evaluations,
    optimizer: raw.optimizer,
    atBound: raw.atBound,
    status,
    warnings,
    elapsedMs: performance.now() - args.startedAt,
    ...(raw.optimizer === 'bfgs-box' && raw.result.inverseHessian ? { inverseHessian: raw.result.inverseHessian } : {}),
  };
}
