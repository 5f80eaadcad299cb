// Reads a transaction CSV with DuckDB's own reader and aggregates it to one row per customer and day
// (same-day purchases merged, clv.md §1). Bad input is an error naming the file, the column and a
// sample row, never a silent drop.
import type { DuckDBConnection } from '@duckdb/node-api';
import { StatsInputError } from '../errors.js';
import type { PurchaseRow } from '../summary.js';

export interface TransactionColumns {
  file: string;
  customerCol: string;
  dateCol: string;
  amountCol: string;
  /** strptime format such as %d/%m/%Y; default: ISO dates, DATE/TIMESTAMP columns, or yyyymmdd. */
  dateFormat?: string;
}

const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string): string => `"${s.replaceAll('"', '""')}"`;

export async function readPurchaseDays(conn: DuckDBConnection, cols: TransactionColumns): Promise<PurchaseRow[]> {
  const { file } = cols;
  try {
    await conn.run(
      `create or replace temp table clv_raw as
       select *, row_number() over () as clv_row from read_csv(${lit(file)}, auto_detect = true, header = true)`,
    );
  } catch (e) {
    throw new StatsInputError(`cannot read ${file} as CSV: ${(e as Error).message.split('\n')[0]}`, {
      location: { file },
      hint: 'pass a comma- or tab-separated file with a header row',
    });
  }
  const described = (await conn.runAndReadAll(`describe clv_raw`)).getRowObjectsJson() as Array<{
    column_name: string;
    column_type: string;
  }>;
  const types = new Map(described.map((r) => [r.column_name, r.column_type]));
  for (const [flag, name] of [
    ['--customer-col', cols.customerCol],
    ['--date-col', cols.dateCol],
    ['--amount-col', cols.amountCol],
  ] as const) {
    if (!types.has(name)) {
      const available = described.map((r) => r.column_name).filter((c) => c !== 'clv_row');
      const close = available.find((c) => c.toLowerCase() === name.toLowerCase());
      throw new StatsInputError(`${flag}: column "${name}" not found in ${file}`, {
        location: { file, line: 1 },
        hint: `${close ? `did you mean "${close}"? ` : ''}columns in the file: ${available.join(', ')}`,
      });
    }
  }
  const c = ident(cols.customerCol);
  const d = ident(cols.dateCol);
  const a = ident(cols.amountCol);
  const dateType = types.get(cols.dateCol)!;
  const parsedDate = cols.dateFormat
    ? `try_strptime(${d}::varchar, ${lit(cols.dateFormat)})::date`
    : dateType === 'DATE'
      ? d
      : dateType.startsWith('TIMESTAMP')
        ? `${d}::date`
        : `coalesce(try_cast(${d}::varchar as date), try_strptime(${d}::varchar, '%Y%m%d')::date)`;
  await conn.run(
    `create or replace temp table clv_parsed as
     select clv_row, ${c}::varchar as customer, ${d}::varchar as raw_date, ${parsedDate} as purchase_date,
            ${a}::varchar as raw_amount, try_cast(${a} as double) as amount
       from clv_raw`,
  );
  const problems: Array<[string, string, string, string]> = [
    [`customer is null`, cols.customerCol, 'customer', 'every row needs a customer id'],
    [
      `purchase_date is null`,
      cols.dateCol,
      'raw_date',
      cols.dateFormat
        ? `dates must match --date-format ${cols.dateFormat}`
        : 'use ISO dates (YYYY-MM-DD), yyyymmdd, or pass --date-format (strptime syntax, e.g. %d/%m/%Y)',
    ],
    [`amount is null`, cols.amountCol, 'raw_amount', 'amounts must be numbers (no currency symbols)'],
    [`amount < 0`, cols.amountCol, 'raw_amount', 'negative amounts (refunds) must be netted out before fitting'],
  ];
  for (const [where, column, rawCol, hint] of problems) {
    const bad = (
      await conn.runAndReadAll(
        `select clv_row, ${rawCol} as value, count(*) over () as n from clv_parsed where ${where} order by clv_row limit 1`,
      )
    ).getRowObjectsJson() as Array<{ clv_row: string; value: string | null; n: string }>;
    if (bad.length > 0) {
      const row = bad[0]!;
      const line = Number(row.clv_row) + 1; // + header line
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
  return rows.map((r) => ({ customer: r.customer, day: Number(r.day), amount: Number(r.amount) }));
}

/** 'YYYY-MM-DD' → day number since 1970-01-01 (UTC), or a usage error naming the flag. */
export function parseDay(flag: string, value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) : NaN;
  if (!m || !Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== value)
    throw new StatsInputError(`${flag}: "${value}" is not a date`, { hint: 'use YYYY-MM-DD, e.g. 1997-09-30' });
  return ms / 86_400_000;
}
