// A transaction file as the temp table `clv_raw`, one row per purchase row with `clv_line` (its line in
// the file, for error messages). DuckDB reads every format; this module only picks the reader. Real logs
// come as CSV with or without a header, semicolon CSV with decimal commas, Parquet, JSON lines, and
// whitespace-aligned text (the published CDNOW files), which no CSV dialect describes: runs of spaces
// separate the columns. Those are split by DuckDB too, line by line.
import type { DuckDBConnection } from '@duckdb/node-api';
import { extname } from 'node:path';
import { StatsInputError } from '../errors.js';

export interface TransactionFileOptions {
  /** CSV only: ',' for amounts written 12,50 (the delimiter is then usually ';'). */
  decimalSeparator?: string;
  /** Columns to keep as text whatever they look like (ids such as 00042 keep their zeros). */
  textColumns?: string[];
}

export interface TransactionFile {
  /** Column name → DuckDB type, in file order (clv_line left out). */
  types: Map<string, string>;
  columns: string[];
  /** How the file was read, for the report: csv (with its delimiter), whitespace, parquet or json. */
  format: string;
  hasHeader: boolean;
}

export const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;
export const ident = (s: string): string => `"${s.replaceAll('"', '""')}"`;

export async function loadTransactionFile(conn: DuckDBConnection, file: string, options: TransactionFileOptions = {}): Promise<TransactionFile> {
  const ext = extname(file.replace(/\.(gz|zst)$/i, '')).toLowerCase();
  try {
    if (ext === '.parquet') return await loadWhole(conn, `read_parquet(${lit(file)})`, 'parquet');
    if (ext === '.json' || ext === '.jsonl' || ext === '.ndjson') return await loadWhole(conn, `read_json_auto(${lit(file)})`, 'json');
    return await loadText(conn, file, options);
  } catch (e) {
    if (e instanceof StatsInputError) throw e;
    throw new StatsInputError(`cannot read ${file}: ${(e as Error).message.split('\n')[0]}`, {
      location: { file },
      hint: 'pass a CSV (any delimiter, with or without a header), whitespace-separated text, Parquet or JSON lines file',
    });
  }
}

async function loadWhole(conn: DuckDBConnection, reader: string, format: string): Promise<TransactionFile> {
  await conn.run(`create or replace temp table clv_raw as select *, row_number() over () as clv_line from ${reader}`);
  return { ...(await columnsOf(conn)), format, hasHeader: false };
}

async function loadText(conn: DuckDBConnection, file: string, options: TransactionFileOptions): Promise<TransactionFile> {
  const sniffed = (await conn.runAndReadAll(`select Delimiter as delimiter, HasHeader as has_header, Columns as columns from sniff_csv(${lit(file)})`))
    .getRowObjectsJson()[0] as { delimiter: string; has_header: boolean; columns: { name: string }[] } | undefined;
  if (sniffed && sniffed.columns.length === 1 && (await looksWhitespaceSeparated(conn, file))) return loadWhitespace(conn, file);
  const names = (sniffed?.columns ?? []).map((c) => c.name);
  const text = (options.textColumns ?? []).filter((c) => names.includes(c));
  const settings = [
    'auto_detect = true',
    ...(sniffed ? [`header = ${sniffed.has_header}`] : []),
    ...(options.decimalSeparator ? [`decimal_separator = ${lit(options.decimalSeparator)}`] : []),
    ...(text.length > 0 ? [`types = {${text.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}}`] : []),
  ];
  const header = sniffed?.has_header ? 1 : 0;
  await conn.run(
    `create or replace temp table clv_raw as
     select *, row_number() over () + ${header} as clv_line from read_csv(${lit(file)}, ${settings.join(', ')})`,
  );
  const delimiter = sniffed?.delimiter === '\t' ? 'tab' : `'${sniffed?.delimiter ?? ','}'`;
  return { ...(await columnsOf(conn)), format: `CSV (${delimiter} delimiter)`, hasHeader: header === 1 };
}

/** Read as one text column: do most non-blank lines hold two or more fields separated by runs of blanks? */
async function looksWhitespaceSeparated(conn: DuckDBConnection, file: string): Promise<boolean> {
  await readLines(conn, file);
  const row = (
    await conn.runAndReadAll(
      `select count(*) filter (where len(string_split_regex(trim(line, E' \\t\\r'), '[ \\t]+')) >= 2) as split, count(*) as n
         from (select line from clv_lines where trim(line, E' \\t\\r') <> '' limit 1000)`,
    )
  ).getRowObjectsJson()[0] as { split: string; n: string };
  return Number(row.n) > 0 && Number(row.split) === Number(row.n);
}

async function readLines(conn: DuckDBConnection, file: string): Promise<void> {
  // One VARCHAR column per line: a delimiter and quote that never occur, so DuckDB only splits lines.
  await conn.run(
    `create or replace temp table clv_lines as
     select row_number() over () as clv_line, line
       from read_csv(${lit(file)}, columns = {'line': 'VARCHAR'}, header = false, auto_detect = false,
                     delim = E'\\x1f', quote = '', escape = '', strict_mode = false)`,
  );
}

/**
 * Whitespace-aligned columns. The first line is a header when none of its fields is a number and the next
 * line has one (the CDNOW master file has a header, its sample has none). Headerless columns are named
 * column0, column1, … as DuckDB names a headerless CSV's.
 */
async function loadWhitespace(conn: DuckDBConnection, file: string): Promise<TransactionFile> {
  const fields = `string_split_regex(trim(line, E' \\t\\r'), '[ \\t]+')`;
  await conn.run(`create or replace temp table clv_fields as select clv_line, ${fields} as f from clv_lines where trim(line, E' \\t\\r') <> ''`);
  const firstTwo = (await conn.runAndReadAll(`select f from clv_fields order by clv_line limit 2`)).getRowObjectsJson() as { f: string[] }[];
  const numeric = (values: string[] = []) => values.some((v) => v !== '' && Number.isFinite(Number(v)));
  const hasHeader = firstTwo.length === 2 && !numeric(firstTwo[0]!.f) && numeric(firstTwo[1]!.f);
  const width = firstTwo[0]?.f.length ?? 0;
  const columns = hasHeader ? firstTwo[0]!.f : Array.from({ length: width }, (_, i) => `column${i}`);
  const skip = hasHeader ? `where clv_line > (select min(clv_line) from clv_fields)` : '';
  const ragged = (await conn.runAndReadAll(`select clv_line, len(f) as n from clv_fields ${skip ? `${skip} and` : 'where'} len(f) <> ${width} order by clv_line limit 1`))
    .getRowObjectsJson()[0] as { clv_line: string; n: number } | undefined;
  if (ragged) {
    throw new StatsInputError(`${file}: line ${ragged.clv_line} has ${ragged.n} fields, the first ${hasHeader ? 'line (the header)' : 'line'} has ${width}`, {
      location: { file, line: Number(ragged.clv_line) },
      hint: 'whitespace-separated files need the same number of fields on every line (no spaces inside a value)',
    });
  }
  await conn.run(
    `create or replace temp table clv_raw as
     select ${columns.map((name, i) => `f[${i + 1}] as ${ident(name)}`).join(', ')}, clv_line from clv_fields ${skip}`,
  );
  await conn.run('drop table clv_fields');
  await conn.run('drop table clv_lines');
  return { types: new Map(columns.map((name) => [name, 'VARCHAR'])), columns, format: 'whitespace-separated text', hasHeader };
}

async function columnsOf(conn: DuckDBConnection): Promise<{ types: Map<string, string>; columns: string[] }> {
  const described = (await conn.runAndReadAll(`describe clv_raw`)).getRowObjectsJson() as { column_name: string; column_type: string }[];
  const types = new Map(described.filter((r) => r.column_name !== 'clv_line').map((r) => [r.column_name, r.column_type]));
  return { types, columns: [...types.keys()] };
}
