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
    if (rfmProblem(t.x, t.tx, t.T, t.weight ?? 1)) checkRfm(t.x, t.tx, t.T, t.weight ?? 1, () => label(t, i));
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
  for (let i = 0; i < size; i++) if (rfmProblem(x[i]!, tx[i]!, T[i]!, weight[i]!)) checkRfm(x[i]!, tx[i]!, T[i]!, weight[i]!, () => `row ${i + 1}`);
  return { size, x, tx, T, weight };
}

export function checkRfm(x: number, tx: number, T: number, weight: number, who: () => string): void {
  const problem = rfmProblem(x, tx, T, weight);
  if (problem) throw new StatsInputError(`${who()}: ${problem.what} (x = ${x}, t_x = ${tx}, T = ${T})`, { hint: problem.hint });
}

/** What is wrong with one tuple, or undefined: checked without allocating, since every input row passes here. */
function rfmProblem(x: number, tx: number, T: number, weight: number): { what: string; hint: string } | undefined {
  if (!(Number.isFinite(x) && Number.isFinite(tx) && Number.isFinite(T) && Number.isFinite(weight))) return { what: 'non-finite value', hint: 'every input must be a finite number' };
  if (!Number.isInteger(x) || x < 0) return { what: 'x must be a non-negative integer', hint: 'x counts repeat purchase occasions' };
  if (tx < 0) return { what: 't_x < 0', hint: 't_x is the time from first to last purchase' };
  if (tx > T * (1 + 1e-12)) return { what: 't_x > T', hint: 'the last purchase cannot be after the calibration end' };
  if (x === 0 && tx !== 0) return { what: 'x = 0 with t_x ≠ 0', hint: 'a customer without repeat purchases has t_x = 0' };
  if (!(weight > 0)) return { what: `weight ${weight} is not positive`, hint: 'weights count customers per tuple' };
  return undefined;
}

/** Fits need at least one customer; a warning-worthy condition is left to the model. */
export function totalWeight(data: RfmData): number {
  let w = 0;
  for (let i = 0; i < data.size; i++) w += data.weight[i]!;
  if (!(w > 0)) throw new StatsInputError('no customers to fit', { hint: 'the input has no rows' });
  return w;
}
