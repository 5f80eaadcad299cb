// Loads the CDNOW fixtures through DuckDB's CSV reader (no hand parsing), as plain rows.
import { DuckDBInstance } from '@duckdb/node-api';
import { fileURLToPath } from 'node:url';

export const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../fixtures/cdnow/${name}`, import.meta.url));

export async function query<T>(sql: string): Promise<T[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(sql);
    return reader.getRowObjectsJson() as unknown as T[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export interface SummaryRow {
  id: string;
  x: number;
  tx: number;
  T: number;
  zbar: number;
}

/** cdnow_customers_summary_with_transactions.csv: ID, x, t_x, T, zbar (2,357 rows, in ID order). */
export async function loadCdnowSummary(): Promise<SummaryRow[]> {
  const rows = await query<{ id: string; x: number; tx: number; T: number; zbar: number }>(
    `select ID::integer as id_number, ID::varchar as id, x::integer as x, t_x::double as tx, T::double as "T",
            zbar::double as zbar
       from read_csv('${fixture('cdnow_customers_summary_with_transactions.csv')}', header = true)
      order by id_number`,
  );
  return rows.map((r) => ({ id: r.id, x: Number(r.x), tx: Number(r.tx), T: Number(r.T), zbar: Number(r.zbar) }));
}
