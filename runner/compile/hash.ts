import { hash } from 'node:crypto';

/** One-shot crypto.hash: the same digest as createHash().update().digest(), without a Hash object per call
 * (tens of thousands of calls per cold compile of a large project). */
export function sha256(text: string): string {
  return hash('sha256', text, 'hex');
}

/** What compile remembers of a var's or env var's value: enough to tell a changed value, never the value
 * itself (an env var may hold a secret). */
export function valueDigest(value: unknown): string {
  return sha256(JSON.stringify(value ?? null)).slice(0, 16);
}

/** md5, only where dbt's own names use it (shortened generic test names), so ours match. */
export function md5(text: string): string {
  return hash('md5', text, 'hex');
}

/** JSON with sorted object keys, so equal configs hash equally regardless of key order. */
export function stableJson(value: unknown): string {
  // String building without intermediate arrays: called for every node and test (keys and checksums).
  if (value === null || typeof value !== 'object') return value === undefined ? 'null' : JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      // `?? ''`: a function in an array stringifies to nothing, as Array.join did.
      out += (i === 0 ? '' : ',') + (item === undefined ? 'null' : (stableJson(item) ?? ''));
    }
    return out + ']';
  }
  const keys = Object.keys(value as object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function') continue;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + stableJson(item);
    first = false;
  }
  return out + '}';
}
