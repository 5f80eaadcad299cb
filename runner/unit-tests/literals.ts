// Given/expected rows as SQL: a select of literals per row, union all'd. Values are typed by the input's
// declared column types where known, else by their look (2024-01-31 is a date, 12 an integer).
import type { Rows } from './spec.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** A value as a SQL literal, cast to `type` when known. */
export function literal(value: unknown, type?: string): string {
  let sql: string;
  let inferred: string | undefined;
  if (value === null || value === undefined) sql = 'null';
  else if (value instanceof Date) {
    const iso = value.toISOString();
    const midnight = iso.endsWith('T00:00:00.000Z');
    sql = quote(midnight ? iso.slice(0, 10) : iso.replace('T', ' ').replace('Z', ''));
    inferred = midnight ? 'date' : 'timestamp';
  } else if (typeof value === 'number' || typeof value === 'bigint') sql = String(value);
  else if (typeof value === 'boolean') sql = value ? 'true' : 'false';
  else if (typeof value === 'object') sql = quote(JSON.stringify(value));
  else {
    const text = String(value);
    sql = quote(text);
    if (DATE.test(text)) inferred = 'date';
    else if (TIMESTAMP.test(text)) inferred = 'timestamp';
  }
  const cast = type ?? inferred;
  return cast ? `cast(${sql} as ${cast})` : sql;
}

/** `select <literals> union all ...`; with no rows, an empty relation of the known columns. */
export function rowsSql(rows: Rows, columns: string[], types: Record<string, string | undefined>, quoteIdentifier: (n: string) => string): string {
  if (columns.length === 0) return 'select null as clv_unit_empty where false';
  const select = (row: Record<string, unknown> | undefined) =>
    `select ${columns.map((c) => `${literal(row?.[c], types[c.toLowerCase()])} as ${quoteIdentifier(c)}`).join(', ')}`;
  if (rows.length === 0) return `${select(undefined)} where false`;
  return rows.map(select).join('\nunion all\n');
}

/** Minimal RFC 4180 reader for inline `format: csv` rows (a few lines in YAML; the engine is not at hand
 * in the pure compile step). Empty fields are null, as dbt reads them. */
export function parseCsv(text: string): Rows {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let wasQuoted = false;
  const push = () => {
    record.push(field === '' && !wasQuoted ? '\u0000' : field);
    field = '';
    wasQuoted = false;
  };
  const body = text.replace(/\r\n/g, '\n').trim();
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') { quoted = true; wasQuoted = true; }
    else if (ch === ',') push();
    else if (ch === '\n') { push(); records.push(record); record = []; }
    else field += ch;
  }
  push();
  records.push(record);
  const [header, ...data] = records;
  return data.map((r) => Object.fromEntries(header!.map((h, i) => [h.trim(), r[i] === '\u0000' || r[i] === undefined ? null : csvValue(r[i]!)])));
}

/** Numbers stay numbers so they need no cast; everything else is text (typed later by column type). */
const csvValue = (text: string): unknown => (/^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text);
