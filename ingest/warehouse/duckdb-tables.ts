// Creating the raw tables on DuckDB, and bringing older ones to the current `data` type: raw tables landed
// before `data` was a STRUCT held JSON text, and a newer ingest may select more fields than the stored STRUCT
// has. Both are converted in place (every stored value kept), so a rerun of `clv ingest` or `clv listen` is
// the whole upgrade.
import { createTablesSql, quoteIdent, quoteString } from './duckdb-sql.js';
import { jsonAsRawData, rawStructType } from './raw-struct.js';
import { RAW_TABLES, type RawTableName } from './tables.js';

export interface SqlSession {
  run(sql: string): Promise<unknown>;
  rows<T>(sql: string): Promise<T[]>;
}

/** Raw tables whose stored `data` type is not the current one. */
export function staleDataTypesSql(schema: string): string {
  const wanted = RAW_TABLES.map(
    (t) => `SELECT ${quoteString(t.name)} AS tbl, typeof(CAST(NULL AS ${rawStructType(t.name)})) AS want`,
  ).join(' UNION ALL ');
  return `SELECT w.tbl FROM (${wanted}) w JOIN duckdb_columns() c
  ON c.schema_name = ${quoteString(schema)} AND c.table_name = w.tbl AND c.column_name = 'data'
WHERE c.data_type <> w.want ORDER BY w.tbl`;
}

export function migrateDataSql(schema: string, table: RawTableName): string {
  return `ALTER TABLE ${quoteIdent(schema)}.${quoteIdent(table)} ALTER COLUMN data SET DATA TYPE ${rawStructType(table)}
USING ${jsonAsRawData(table, 'to_json(data)')}`;
}

export async function ensureRawTables(session: SqlSession, schema: string): Promise<void> {
  for (const sql of createTablesSql(schema)) await session.run(sql);
  const stale = await session.rows<{ tbl: RawTableName }>(staleDataTypesSql(schema));
  for (const { tbl } of stale) await session.run(migrateDataSql(schema, tbl));
}
