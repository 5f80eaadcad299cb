// Rejects inputs the models are undefined for, naming the offending customer (clv.md §1).
import { StatsInputError } from './errors.js';
import type { RfmData, RfmTuple } from './types.js';

const label = (t: RfmTuple, i: number): string => (t.id !== undefined ? `customer ${t.id}` : `row ${i + 1}`);

/** Validates tuples and converts them to columns. Accepts already-built columns unchanged. */
export function toRfmData(input: readonly RfmTuple[] | RfmData): RfmData {
  if (!Array.isArray(input)) return input as RfmData;
  const tuples = input as readonly RfmTuple[];
  const n = tuples.length;
  const data = {
    size: n,
    x: new Float64Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    weight: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const t = tuples[i]!;
    checkRfm(t.x, t.tx, t.T, t.weight ?? 1, () => label(t, i));
    data.x[i] = t.x;
    data.tx[i] = t.tx;
    data.T[i] = t.T;
    data.weight[i] = t.weight ?? 1;
  }
  return data;
}

/** Columns read column-wise (x, t_x, T and customers per tuple) as RfmData, each row checked as toRfmData
 * checks a tuple. The arrays become the data (not copied). */
export function rfmDataFromColumns(x: Float64Array, tx: Float64Array, T: Float64Array, weight: Float64Array): RfmData {
  const size = x.length;
  if (tx.length !== size || T.length !== size || weight.length !== size) {
    throw new StatsInputError(`RFM columns differ in length (x ${size}, t_x ${tx.length}, T ${T.length}, weight ${weight.length})`, { hint: 'pass one value per tuple in every column' });
  }
  for (let i = 0; i < size; i++) checkRfm(x[i]!, tx[i]!, T[i]!, weight[i]!, () => `row ${i + 1}`);
  return { size, x, tx, T, weight };
}

export function checkRfm(x: number, tx: number, T: number, weight: number, who: () => string): void {
  const fail = (what: string, hint: string): never => {
    throw new StatsInputError(`${who()}: ${what} (x = ${x}, t_x = ${tx}, T = ${T})`, { hint });
  };
  if (![x, tx, T, weight].every(Number.isFinite)) fail('non-finite value', 'every input must be a finite number');
  if (!Number.isInteger(x) || x < 0) fail('x must be a non-negative integer', 'x counts repeat purchase occasions');
  if (tx < 0) fail('t_x < 0', 't_x is the time from first to last purchase');
  if (tx > T * (1 + 1e-12)) fail('t_x > T', 'the last purchase cannot be after the calibration end');
  if (x === 0 && tx !== 0) fail('x = 0 with t_x ≠ 0', 'a customer without repeat purchases has t_x = 0');
  if (!(weight > 0)) fail(`weight ${weight} is not positive`, 'weights count customers per tuple');
}

/** Fits need at least one customer; a warning-worthy condition is left to the model. */
export function totalWeight(data: RfmData): number {
  let w = 0;
  for (let i = 0; i < data.size; i++) w += data.weight[i]!;
  if (!(w > 0)) throw new StatsInputError('no customers to fit', { hint: 'the input has no rows' });
  return w;
}
