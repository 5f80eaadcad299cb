// Rows as a plain-text table (what `clv show` prints): one header, values left-aligned, numbers right-aligned.
import type { Column, Row } from '../adapters/adapter.js';

/** A cell's text: ISO dates, NULL for null, JSON for nested values. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString().replace('T00:00:00.000Z', '').replace('.000Z', 'Z');
  if (typeof value === 'object') return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}

const numeric = (value: unknown): boolean => typeof value === 'number' || typeof value === 'bigint';

export function formatTable(columns: Pick<Column, 'name'>[], rows: Row[]): string {
  const names = columns.map((c) => c.name);
  const cells = rows.map((row) => names.map((name) => cellText(row[name])));
  const widths = names.map((name, i) => Math.max(name.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[], right: boolean[]) =>
    `| ${values.map((v, i) => (right[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(' | ')} |`;
  const rightAligned = names.map((name) => rows.length > 0 && rows.every((row) => row[name] === null || numeric(row[name])));
  const out = [line(names, names.map(() => false)), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`];
  for (const row of cells) out.push(line(row, rightAligned));
  return out.join('\n');
}
