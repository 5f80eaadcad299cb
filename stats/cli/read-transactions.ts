// Reads a transaction file with DuckDB's own readers (transaction-file.ts) and aggregates it to one row per
// customer and day (same-day purchases merged, clv.md §1). Bad input is an error naming the file, the column
// and a sample row, never a silent drop.
import type { DuckDBConnection } from '@duckdb/node-api';
import { StatsInputError } from '../errors.js';
import type { PurchaseRow } from '../summary.js';
import { ident, lit, loadTransactionFile, type TransactionFileOptions } from './transaction-file.js';

export interface TransactionColumns extends TransactionFileOptions {
  file: string;
  customerCol: string;
  dateCol: string;
  /** The amount column; or `amountExpr`, a SQL expression over the file's columns (e.g. Quantity * UnitPrice). */
  amountCol?: string;
  amountExpr?: string;
  /** SQL condition over the file's columns: rows where it is not true are left out (and counted). */
  where?: string;
  /** strptime format such as %d/%m/%Y; default: ISO dates, DATE/TIMESTAMP columns, or yyyymmdd. */
  dateFormat?: string;
}

export interface PurchaseDays {
  days: PurchaseRow[];
  /** Purchase rows in the file, and those `where` left out. */
  rows: number;
  leftOut: number;
  format: string;
}

export async function readPurchaseDays(conn: DuckDBConnection, cols: TransactionColumns): Promise<PurchaseDays> {
  const { file } = cols;
  if ((cols.amountCol === undefined) === (cols.amountExpr === undefined)) {
    throw new StatsInputError('give either --amount-col or --amount-expr', { hint: 'e.g. --amount-col amount, or --amount-expr "Quantity * UnitPrice"' });
  }
  const loaded = await loadTransactionFile(conn, file, { ...cols, textColumns: [cols.customerCol, ...(cols.textColumns ?? [])] });
  const { types } = loaded;
  const named: [string, string | undefined][] = [
    ['--customer-col', cols.customerCol],
    ['--date-col', cols.dateCol],
    ['--amount-col', cols.amountCol],
  ];
  for (const [flag, name] of named) {
    if (name !== undefined && !types.has(name)) {
      const close = loaded.columns.find((c) => c.toLowerCase() === name.toLowerCase());
      throw new StatsInputError(`${flag}: column "${name}" not found in ${file}`, {
        location: { file, line: 1 },
        hint: `${close ? `did you mean "${close}"? ` : ''}columns in the file${loaded.hasHeader ? '' : ' (it has no header row)'}: ${loaded.columns.join(', ')}`,
      });
    }
  }
  const c = ident(cols.customerCol);
  const d = ident(cols.dateCol);
  const a = cols.amountExpr !== undefined ? `(${cols.amountExpr})` : ident(cols.amountCol!);
  const amountName = cols.amountExpr !== undefined ? '--amount-expr' : cols.amountCol!;
  const dateType = types.get(cols.dateCol)!;
  const parsedDate = cols.dateFormat
    ? `try_strptime(${d}::varchar, ${lit(cols.dateFormat)})::date`
    : dateType === 'DATE'
      ? d
      : dateType.startsWith('TIMESTAMP')
        ? `${d}::date`
        : `coalesce(try_cast(${d}::varchar as date), try_strptime(${d}::varchar, '%Y%m%d')::date)`;
  const kept = cols.where !== undefined ? `where coalesce((${cols.where}), false)` : '';
  await sql(conn, file, cols.where !== undefined || cols.amountExpr !== undefined,
    `create or replace temp table clv_parsed as
     select clv_line, ${c}::varchar as customer, ${d}::varchar as raw_date, ${parsedDate} as purchase_date,
            ${a}::varchar as raw_amount, try_cast(${a} as double) as amount
       from clv_raw ${kept}`,
  );
  const counts = (await conn.runAndReadAll(`select (select count(*) from clv_raw) as rows, (select count(*) from clv_parsed) as kept`)).getRowObjectsJson()[0] as { rows: string; kept: string };
  const problems: Array<[string, string, string, string]> = [
    [`customer is null`, cols.customerCol, 'customer', `every row needs a customer id: rows without one can be left out with --where '${cols.customerCol} is not null'`],
    [
      `purchase_date is null`,
      cols.dateCol,
      'raw_date',
      cols.dateFormat
        ? `dates must match --date-format ${cols.dateFormat}`
        : 'use ISO dates (YYYY-MM-DD), yyyymmdd, or pass --date-format (strptime syntax, e.g. %d/%m/%Y)',
    ],
    [`amount is null`, amountName, 'raw_amount', `amounts must be numbers (no currency symbols${loaded.format.startsWith('CSV') ? '; for 12,50 pass --decimal-separator ,' : ''})`],
    [`amount < 0`, amountName, 'raw_amount', 'negative amounts (returns, refunds) must be netted out before fitting, or left out with --where (e.g. --where "Quantity > 0")'],
  ];
  for (const [where, column, rawCol, hint] of problems) {
    const bad = (
      await conn.runAndReadAll(
        `select clv_line, ${rawCol} as value, count(*) over () as n from clv_parsed where ${where} order by clv_line limit 1`,
      )
    ).getRowObjectsJson() as Array<{ clv_line: string; value: string | null; n: string }>;
    if (bad.length > 0) {
      const row = bad[0]!;
      const line = Number(row.clv_line);
      throw new StatsInputError(
        `${file}: column "${column}" has ${row.n} bad value(s) (${where.replace(/_/g, ' ')}); first at line ${line}: ${JSON.stringify(row.value)}`,
        { location: { file, line }, hint },
      );
    }
  }
  const rows = (
    await conn.runAndReadAll(
      `select customer, date_diff('day', date '1970-01-01', purchase_date)::integer as day, sum(amount) as amount
         from clv_parsed group by customer, purchase_date order by customer, day`,
    )
  ).getRowObjectsJson() as Array<{ customer: string; day: number; amount: number }>;
  const days = rows.map((r) => ({ customer: r.customer, day: Number(r.day), amount: Number(r.amount) }));
  return { days, rows: Number(counts.rows), leftOut: Number(counts.rows) - Number(counts.kept), format: loaded.format };
}

/** Runs SQL that holds the user's own expressions: an engine error there is theirs to fix, so say which flag. */
async function sql(conn: DuckDBConnection, file: string, userSql: boolean, text: string): Promise<void> {
  try {
    await conn.run(text);
  } catch (e) {
    if (!userSql) throw e;
    throw new StatsInputError(`${file}: --where / --amount-expr do not run: ${(e as Error).message.split('\n')[0]}`, {
      hint: 'they are DuckDB SQL over the file\'s columns, e.g. --where "CustomerID is not null and Quantity > 0" --amount-expr "Quantity * UnitPrice"',
    });
  }
}

/** 'YYYY-MM-DD' → day number since 1970-01-01 (UTC), or a usage error naming the flag. */
export function parseDay(flag: string, value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) : NaN;
  if (!m || !Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== value)
    throw new StatsInputError(`${flag}: "${value}" is not a date`, { hint: 'use YYYY-MM-DD, e.g. 1997-09-30' });
  return ms / 86_400_000;
}
