// Group customers into weighted unique tuples (clv.md §5): the likelihoods only see (x, t_x, T), so
// 1M customers collapse to a few hundred thousand rows. `customerIndex` maps each input row back to
// its tuple so that scores computed per tuple can be joined back to customers.
import type { RfmData } from './types.js';
import { checkRfm } from './validate.js';

export interface GroupedRfm {
  tuples: RfmData;
  /** For every input customer, the index of its tuple in `tuples`. */
  customerIndex: Int32Array;
}

export interface RfmRow {
  x: number;
  tx: number;
  T: number;
  id?: string;
}

/** Groups rows (validating each) on exact (x, t_x, T) equality. */
export function groupRfm(rows: readonly RfmRow[] | RfmData): GroupedRfm {
  const n = Array.isArray(rows) ? rows.length : (rows as RfmData).size;
  const get = Array.isArray(rows)
    ? (i: number) => (rows as readonly RfmRow[])[i]!
    : (i: number) => {
        const d = rows as RfmData;
        return { x: d.x[i]!, tx: d.tx[i]!, T: d.T[i]!, id: undefined };
      };
  const keyOf = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const w: number[] = [];
  const customerIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = get(i);
    checkRfm(row.x, row.tx, row.T, 1, () => (row.id !== undefined ? `customer ${row.id}` : `row ${i + 1}`));
    const key = `${row.x}|${row.tx}|${row.T}`;
    let k = keyOf.get(key);
    if (k === undefined) {
      k = x.length;
      keyOf.set(key, k);
      x.push(row.x);
      tx.push(row.tx);
      T.push(row.T);
      w.push(0);
    }
    w[k]! += 1;
    customerIndex[i] = k;
  }
  return {
    tuples: {
      size: x.length,
      x: Float64Array.from(x),
      tx: Float64Array.from(tx),
      T: Float64Array.from(T),
      weight: Float64Array.from(w),
    },
    customerIndex,
  };
}

/** Expands per-tuple scores back to one value per customer. */
export function expandToCustomers(perTuple: ArrayLike<number>, customerIndex: Int32Array): Float64Array {
  const out = new Float64Array(customerIndex.length);
  for (let i = 0; i < out.length; i++) out[i] = perTuple[customerIndex[i]!]!;
  return out;
}
