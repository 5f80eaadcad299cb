// UTC calendar arithmetic for batch boundaries. Batches align to calendar units (an hour, a day, the 1st of a
// month, Jan 1st) as dbt's MicrobatchBuilder does, so the same window always names the same batch.
import type { BatchSize } from './types.js';

export function truncate(date: Date, size: BatchSize): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  switch (size) {
    case 'hour': return new Date(Date.UTC(y, m, date.getUTCDate(), date.getUTCHours()));
    case 'day': return new Date(Date.UTC(y, m, date.getUTCDate()));
    case 'month': return new Date(Date.UTC(y, m, 1));
    case 'year': return new Date(Date.UTC(y, 0, 1));
  }
}

/** `date` moved by `n` units; `date` is expected truncated to `size`. */
export function offset(date: Date, size: BatchSize, n: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  switch (size) {
    case 'hour': return new Date(date.getTime() + n * 3_600_000);
    case 'day': return new Date(Date.UTC(y, m, date.getUTCDate() + n));
    case 'month': return new Date(Date.UTC(y, m + n, 1));
    case 'year': return new Date(Date.UTC(y + n, 0, 1));
  }
}

/** Parses '2024-01-01', '2024-01-01 10:00', '2024-01-01T10:00:00Z'...; a time without zone is UTC. */
export function parseTime(text: string): Date | undefined {
  let s = text.trim().replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) s += 'T00:00:00';
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(s)) s += 'Z';
  const date = new Date(s);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export const iso = (date: Date): string => date.toISOString().replace('.000Z', 'Z');

/** '2024-01-01 00:00:00' — a naive UTC timestamp both DuckDB and Snowflake cast without a format. */
export const sqlTimestamp = (isoText: string): string => isoText.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
