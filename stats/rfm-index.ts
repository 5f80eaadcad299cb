// Precomputed structure of RfmData so that a likelihood pass does almost no transcendental work:
// T and t_x take few distinct values (≤ days of history), so ln(α+T) is computed once per distinct
// value; terms depending on x only (lnΓ(r+x) − lnΓ(r) = Σ_{k<x} ln(r+k)) are summed per distinct x.
import type { RfmData } from './types.js';

export interface RfmIndex {
  data: RfmData;
  totalWeight: number;
  maxX: number;
  /** Σ weight per x value, indices 0..maxX. */
  weightByX: Float64Array;
  /** Σ weight of customers with x ≥ k, k = 0..maxX (so Σ_x W_x Σ_{k<x} f(k) = Σ_k f(k)·tail[k+1]). */
  tailWeight: Float64Array;
  uniqueT: Float64Array;
  uniqueTx: Float64Array;
  tIndex: Int32Array;
  txIndex: Int32Array;
  /** Σ weight·x (enters the time-scaling Jacobian and Σx·ln α terms). */
  sumWX: number;
}

function uniqueIndex(values: Float64Array): { unique: Float64Array; index: Int32Array } {
  const map = new Map<number, number>();
  const index = new Int32Array(values.length);
  const unique: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let k = map.get(v);
    if (k === undefined) {
      k = unique.length;
      unique.push(v);
      map.set(v, k);
    }
    index[i] = k;
  }
  return { unique: Float64Array.from(unique), index };
}

export function indexRfm(data: RfmData): RfmIndex {
  let maxX = 0;
  let total = 0;
  let sumWX = 0;
  for (let i = 0; i < data.size; i++) {
    if (data.x[i]! > maxX) maxX = data.x[i]!;
    total += data.weight[i]!;
    sumWX += data.weight[i]! * data.x[i]!;
  }
  const weightByX = new Float64Array(maxX + 1);
  for (let i = 0; i < data.size; i++) weightByX[data.x[i]!]! += data.weight[i]!;
  const tailWeight = new Float64Array(maxX + 2);
  for (let k = maxX; k >= 0; k--) tailWeight[k] = tailWeight[k + 1]! + weightByX[k]!;
  const t = uniqueIndex(data.T);
  const tx = uniqueIndex(data.tx);
  return {
    data,
    totalWeight: total,
    maxX,
    weightByX,
    tailWeight,
    uniqueT: t.unique,
    tIndex: t.index,
    uniqueTx: tx.unique,
    txIndex: tx.index,
    sumWX,
  };
}
