// Sorted, filtered, cursor-paginated listing over compact records. Sort is by (key, id) so ties are
// deterministic; the cursor carries the last (value, id) like Shopify's, so it survives concurrent updates.

export interface Ordering {
  length: number;
  at(pos: number): number; // record index at sorted position
  key(idx: number): number; // sort key value of a record (ms or id)
}

export interface Page { items: number[]; hasNextPage: boolean; hasPreviousPage: boolean }
export interface CursorValue { last_id: number; last_value: number }
export interface Range { min?: number; minInclusive?: boolean; max?: number; maxInclusive?: boolean }

export const encodeCursor = (c: CursorValue) => Buffer.from(JSON.stringify(c)).toString('base64');

export function decodeCursor(s: string): CursorValue | null {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64').toString('utf8')) as CursorValue;
    return typeof c.last_id === 'number' && typeof c.last_value === 'number' ? c : null;
  } catch {
    return null;
  }
}

/** First position whose (key, idx) is greater than (k, id) — or >= when inclusive. */
function lowerBound(o: Ordering, k: number, id: number, inclusive: boolean): number {
  let lo = 0;
  let hi = o.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const idx = o.at(mid);
    const kk = o.key(idx);
    const less = kk < k || (kk === k && (inclusive ? idx < id : idx <= id));
    if (less) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface ListArgs {
  first: number;
  after: CursorValue | null;
  reverse: boolean;
  keyRange: Range; // range on the sort key (binary searched)
  keep: (idx: number) => boolean; // other filters, deleted/visibility
  idOf: (idx: number) => number;
}

export function list(o: Ordering, a: ListArgs): Page {
  let lo = a.keyRange.min === undefined ? 0 : lowerBound(o, a.keyRange.min, -1, true);
  if (a.keyRange.min !== undefined && a.keyRange.minInclusive === false) lo = lowerBound(o, a.keyRange.min, Number.MAX_SAFE_INTEGER, false);
  let hi = a.keyRange.max === undefined ? o.length : lowerBound(o, a.keyRange.max, Number.MAX_SAFE_INTEGER, false);
  if (a.keyRange.max !== undefined && a.keyRange.maxInclusive === false) hi = lowerBound(o, a.keyRange.max, -1, true);
  if (a.after) {
    const lastIdx = a.after.last_id; // cursors carry the record index in the id slot; see cursorFor
    if (a.reverse) hi = Math.min(hi, lowerBound(o, a.after.last_value, lastIdx, true));
    else lo = Math.max(lo, lowerBound(o, a.after.last_value, lastIdx, false));
  }
  const items: number[] = [];
  let hasNextPage = false;
  if (!a.reverse) {
    for (let pos = lo; pos < hi; pos++) {
      const idx = o.at(pos);
      if (!a.keep(idx)) continue;
      if (items.length === a.first) { hasNextPage = true; break; }
      items.push(idx);
    }
  } else {
    for (let pos = hi - 1; pos >= lo; pos--) {
      const idx = o.at(pos);
      if (!a.keep(idx)) continue;
      if (items.length === a.first) { hasNextPage = true; break; }
      items.push(idx);
    }
  }
  return { items, hasNextPage, hasPreviousPage: a.after !== null };
}

/** Identity order (ids follow creation) with a key column. */
export function identityOrdering(length: number, key: (idx: number) => number): Ordering {
  return { length, at: (p) => p, key };
}

/** Sort record indices by (key, idx); packed into one float sort when it fits (fast for a million rows). */
export function sortedOrdering(length: number, key: (idx: number) => number): Ordering {
  const order = new Int32Array(length);
  if (length < 1 << 21) {
    const keys = new Float64Array(length);
    for (let i = 0; i < length; i++) keys[i] = Math.floor(key(i) / 1000) * 2097152 + i;
    keys.sort();
    for (let i = 0; i < length; i++) order[i] = keys[i]! % 2097152;
    // Packing assumed whole-second keys; fix any sub-second keys with a stable comparator pass.
    let ok = true;
    for (let i = 1; i < length && ok; i++) ok = key(order[i - 1]!) <= key(order[i]!);
    if (ok) return { length, at: (p) => order[p]!, key };
  }
  const arr = Array.from({ length }, (_, i) => i).sort((x, y) => key(x) - key(y) || x - y);
  return { length, at: (p) => arr[p]!, key };
}

/**
 * The UPDATED_AT ordering, kept sorted under updates by moving single entries (one memmove each) instead
 * of re-sorting a million records whenever live activity touches one.
 */
export class UpdatedIndex implements Ordering {
  private order: Int32Array;
  length: number;
  constructor(count: number, readonly key: (idx: number) => number) {
    const sorted = sortedOrdering(count, key);
    this.order = new Int32Array(Math.max(16, count * 1.25));
    for (let p = 0; p < count; p++) this.order[p] = sorted.at(p);
    this.length = count;
  }
  at = (p: number): number => this.order[p]!;

  /** Position of (k, idx) among the entries, or where it would go; `self`/`selfKey` override a stale key. */
  private position(k: number, idx: number, self = -1, selfKey = 0): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.order[mid]!;
      const mk = m === self ? selfKey : this.key(m);
      if (mk < k || (mk === k && m < idx)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(idx: number): void {
    if (this.length === this.order.length) {
      const next = new Int32Array(this.order.length * 2);
      next.set(this.order);
      this.order = next;
    }
    const p = this.position(this.key(idx), idx);
    this.order.copyWithin(p + 1, p, this.length);
    this.order[p] = idx;
    this.length++;
  }

  /** Call after idx's key changed from oldKey. */
  move(idx: number, oldKey: number): void {
    const p = this.position(oldKey, idx, idx, oldKey);
    if (this.order[p] !== idx) throw new Error(`UpdatedIndex: record ${idx} not found at its old key`);
    this.order.copyWithin(p, p + 1, this.length);
    this.length--;
    this.insert(idx);
  }
}
