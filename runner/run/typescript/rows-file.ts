// Returned rows → a CSV file the engine's own reader loads (Snowflake PUT + COPY), so a TypeScript model's
// table is built by the same createTableFromCsv path as seeds, on engines without a bulk writer (DuckDB
// appends the columns instead: Connection.createTableFromColumns). Column types are
// declared (config.columns) or inferred from the values, and always passed explicitly so the engine's
// auto-detection never reinterprets a value (a string '2024-01-01' stays a string unless declared a date).
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ColumnBatch } from '../../adapters/adapter.js';
import type { ModelRow } from '../../typescript-model.js';

export interface RowsFile {
  path: string;
  columnTypes: Record<string, string>;
  rows: number;
  remove(): Promise<void>;
}

/** Column order: first appearance across rows, declared-only columns last. */
export function columnsOf(rows: ModelRow[], declared: Record<string, string>): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  for (const key of Object.keys(declared)) seen.add(key);
  return [...seen];
}

export function inferType(values: Iterable<unknown>): string {
  let kind: 'none' | 'bigint' | 'double' | 'boolean' | 'timestamp' | 'varchar' = 'none';
  const widen = (next: typeof kind) => {
    if (kind === 'none' || kind === next) kind = next;
    else if ((kind === 'bigint' && next === 'double') || (kind === 'double' && next === 'bigint')) kind = 'double';
    else kind = 'varchar';
  };
  for (const value of values) {
    if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) continue;
    if (typeof value === 'number') widen(Number.isSafeInteger(value) ? 'bigint' : 'double');
    else if (typeof value === 'bigint') widen('bigint');
    else if (typeof value === 'boolean') widen('boolean');
    else if (value instanceof Date) widen('timestamp');
    else widen('varchar');
  }
  return kind === 'none' ? 'varchar' : kind;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return `"${text.replace(/"/g, '""')}"`;
}

/** The batch as a CSV file, for engines without a bulk writer (Connection.createTableFromColumns). */
export async function writeRowsFile(name: string, batch: ColumnBatch): Promise<RowsFile> {
  const columnTypes: Record<string, string> = {};
  batch.names.forEach((column, j) => (columnTypes[column] = batch.types[j]!));
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'clv-ts-model-'));
  const file = path.join(dir, `${name}.csv`);
  const lines: string[] = [batch.names.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')];
  for (let i = 0; i < batch.length; i++) lines.push(batch.values.map((values) => cell(values[i])).join(','));
  await fs.writeFile(file, `${lines.join('\n')}\n`);
  return { path: file, columnTypes, rows: batch.length, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}
