// The subset of Shopify's search syntax used for incremental sync:
//   updated_at:>='2026-11-01T00:00:00Z' AND updated_at:<='2026-11-28T09:55:00Z'
// Terms are ANDed (explicitly or by juxtaposition). Unknown fields are ignored, as Shopify ignores them
// (it only adds a warning), so a filter the simulator does not know never silently drops records.
import type { Range } from './listing.js';

export interface SearchFilter {
  updatedAt: Range;
  createdAt: Range;
  id: Range;
  test?: boolean;
  ignored: string[];
}

export class SearchSyntaxError extends Error {}

function tokenize(q: string): string[] {
  const out: string[] = [];
  const re = /\s*((?:[^\s'"()]+|'[^']*'|"[^"]*")+|\(|\))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(q)) !== null) if (m[1]) out.push(m[1]);
  return out;
}

function unquote(v: string): string {
  return (v.startsWith("'") && v.endsWith("'")) || (v.startsWith('"') && v.endsWith('"')) ? v.slice(1, -1) : v;
}

function narrow(r: Range, op: string, value: number): void {
  if (op === '>=' || op === '>' || op === '' || op === '=') {
    const inclusive = op !== '>';
    if (r.min === undefined || value > r.min || (value === r.min && !inclusive)) { r.min = value; r.minInclusive = inclusive; }
  }
  if (op === '<=' || op === '<' || op === '' || op === '=') {
    const inclusive = op !== '<';
    if (r.max === undefined || value < r.max || (value === r.max && !inclusive)) { r.max = value; r.maxInclusive = inclusive; }
  }
}

function parseTime(raw: string, term: string): number {
  const v = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw new SearchSyntaxError(`Invalid date '${raw}' in search term '${term}'`);
  return ms;
}

export function parseSearch(query: string | undefined | null): SearchFilter {
  const f: SearchFilter = { updatedAt: {}, createdAt: {}, id: {}, ignored: [] };
  if (!query) return f;
  for (const tok of tokenize(query)) {
    if (tok === 'AND' || tok === '(' || tok === ')') continue;
    if (tok === 'OR' || tok === 'NOT' || tok.startsWith('-')) { f.ignored.push(tok); continue; }
    const m = /^([a-z_]+):(>=|<=|>|<|=)?(.*)$/.exec(tok);
    if (!m) { f.ignored.push(tok); continue; }
    const [, field, op = '', rawValue] = m;
    const value = unquote(rawValue!);
    if (field === 'updated_at') narrow(f.updatedAt, op, parseTime(value, tok));
    else if (field === 'created_at' || field === 'processed_at') narrow(f.createdAt, op, parseTime(value, tok));
    else if (field === 'id') narrow(f.id, op, Number(value.split('/').pop()));
    else if (field === 'test') f.test = value === 'true';
    else f.ignored.push(tok);
  }
  return f;
}

export function inRange(r: Range, v: number): boolean {
  if (r.min !== undefined && (v < r.min || (v === r.min && r.minInclusive === false))) return false;
  if (r.max !== undefined && (v > r.max || (v === r.max && r.maxInclusive === false))) return false;
  return true;
}
