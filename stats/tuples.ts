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

// A JS Map keyed on strings or doubles costs seconds at 10^6 rows; an open-addressing table hashing
// the float bits directly takes tens of milliseconds.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
function mix(h: number, v: number): number {
  f64[0] = v === 0 ? 0 : v; // −0 and 0 group together
  h = Math.imul(h ^ u32[0]!, 0x9e3779b1);
  h = Math.imul(h ^ u32[1]!, 0x85ebca77);
  return (h ^ (h >>> 15)) >>> 0;
}

/** The common case inline; checkRfm builds the error message (and re-checks) only when this fails. */
function quickValid(x: number, tx: number, T: number): boolean {
  return (
    x >= 0 && Number.isInteger(x) && tx >= 0 && tx <= T * (1 + 1e-12) && Number.isFinite(T) && (x > 0 || tx === 0)
  );
}

/** Groups rows (validating each) on exact (x, t_x, T) equality; tuples keep first-seen order. */
export function groupRfm(rows: readonly RfmRow[] | RfmData): GroupedRfm {
  const isArray = Array.isArray(rows);
  const n = isArray ? rows.length : (rows as RfmData).size;
  const cols = isArray ? undefined : (rows as RfmData);
  let capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  const table = new Int32Array(capacity).fill(-1);
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const w = new Float64Array(n);
  let size = 0;
  const customerIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let rx: number, rtx: number, rT: number;
    if (cols) {
      rx = cols.x[i]!;
      rtx = cols.tx[i]!;
      rT = cols.T[i]!;
      if (!quickValid(rx, rtx, rT)) checkRfm(rx, rtx, rT, 1, () => `row ${i + 1}`);
    } else {
      const row = (rows as readonly RfmRow[])[i]!;
      rx = row.x;
      rtx = row.tx;
      rT = row.T;
      if (!quickValid(rx, rtx, rT))
        checkRfm(rx, rtx, rT, 1, () => (row.id !== undefined ? `customer ${row.id}` : `row ${i + 1}`));
    }
    let slot = mix(mix(mix(0x811c9dc5, rx), rtx), rT) & (capacity - 1);
    for (;;) {
      const k = table[slot]!;
      if (k === -1) {
        table[slot] = size;
        x[size] = rx;
        tx[size] = rtx;
        T[size] = rT;
        w[size] = 1;
        customerIndex[i] = size++;
        break;
      }
      if (x[k] === rx && tx[k] === rtx && T[k] === rT) {
        w[k]! += 1;
        customerIndex[i] = k;
        break;
      }
      slot = (slot + 1) & (capacity - 1);
    }
  }
  return {
    tuples: { size, x: x.slice(0, size), tx: tx.slice(0, size), T: T.slice(0, size), weight: w.slice(0, size) },
    customerIndex,
  };
}

/** Expands per-tuple scores back to one value per customer. */
export function expandToCustomers(perTuple: ArrayLike<number>, customerIndex: Int32Array): Float64Array {
  const out = new Float64Array(customerIndex.length);
  for (let i = 0; i < out.length; i++) out[i] = perTuple[customerIndex[i]!]!;
  return out;
}
