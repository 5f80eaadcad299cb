// Plain data shared by every model: the per-customer (x, t_x, T) inputs, weighted, and a fit's outcome.

/** One customer, or one group of identical customers when `weight` > 1 (clv.md §5 "group first"). */
export interface RfmTuple {
  /** Repeat purchase occasions (first purchase excluded). */
  x: number;
  /** Time from first to last purchase. */
  tx: number;
  /** Time from first purchase to the end of calibration. */
  T: number;
  /** How many customers share this tuple (default 1). */
  weight?: number;
  /** Customer id or label, used in error messages only. */
  id?: string;
}

/** Column form of validated tuples: what the likelihoods loop over. */
export interface RfmData {
  readonly size: number;
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly weight: Float64Array;
}

export type ModelName = 'bgnbd' | 'mbgnbd' | 'pareto' | 'gammagamma';

/**
 * converged: optimum found in the interior.
 * no detectable dropout: the data show no churn (BG/NBD a → 0 or b → ∞, Pareto/NBD s → 0); P(alive) ≈ 1.
 * at bound: converged but a parameter sits on its box bound.
 * did not converge: the optimiser stopped without meeting its tolerance; parameters are its last point.
 */
export type FitStatus = 'converged' | 'no detectable dropout' | 'at bound' | 'did not converge';

export interface FitResult<P> {
  model: ModelName;
  params: P;
  /** Total log-likelihood on the data as given (unscaled time, in the data's period). */
  logLik: number;
  /** Σ weight: the number of customers fitted. */
  customers: number;
  /** Distinct tuples the likelihood was evaluated on. */
  tuples: number;
  converged: boolean;
  iterations: number;
  evaluations: number;
  optimizer: 'bfgs-box' | 'nelder-mead';
  /** Names of parameters that ended on their box bound. */
  atBound: string[];
  status: FitStatus;
  warnings: string[];
  elapsedMs: number;
  /** BFGS's inverse-Hessian estimate on the ln θ scale at the optimum (for a later warm start). */
  inverseHessian?: number[][];
}

export interface FitOptions {
  /** Box for every parameter on the natural scale (default 1e-6 … 1e6). */
  bounds?: { lower: number; upper: number };
  /** Starting values (default: ln θ = 0, i.e. θ = 1). */
  start?: Record<string, number>;
  /** With `start` from a previous fit: its inverseHessian (ln θ scale), so a warm start converges in a few steps. */
  inverseHessian?: number[][];
  maxIterations?: number;
  /** Optional L2 penalty c·Σθ² added to the mean negative log-likelihood. */
  penalty?: number;
}
