// Holdout comparison of predicted vs actual purchases per customer.
import { weightedCorrelation } from './gammagamma.js';

export interface HoldoutMetrics {
  customers: number;
  correlation: number;
  mae: number;
  predictedTotal: number;
  actualTotal: number;
  /** (predicted − actual) / actual. */
  totalError: number;
}

export function holdoutMetrics(predicted: ArrayLike<number>, actual: ArrayLike<number>): HoldoutMetrics {
  let mae = 0;
  let p = 0;
  let a = 0;
  for (let i = 0; i < predicted.length; i++) {
    mae += Math.abs(predicted[i]! - actual[i]!);
    p += predicted[i]!;
    a += actual[i]!;
  }
  return {
    customers: predicted.length,
    correlation: weightedCorrelation(predicted, actual),
    mae: mae / predicted.length,
    predictedTotal: p,
    actualTotal: a,
    totalError: a === 0 ? NaN : (p - a) / a,
  };
}
