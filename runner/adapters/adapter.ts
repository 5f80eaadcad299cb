// An adapter is one folder per engine: a pure dialect (SQL text only, golden-tested) and a connection (I/O).
// Materialization strategies live once in runner/run/materializations and call these; engine differences
// are data and small functions here, never `if (engine === ...)` elsewhere.
import type { RelationRef } from '../manifest.js';

export interface Column {
  name: string;
  /** Engine type as the engine spells it, e.g. VARCHAR, DECIMAL(18,2). */
  dataType: string;
}

export type RelationKind = 'table' | 'view';

/** How dbt's Column class reads this engine's types (api.Column, adapter.get_columns_in_relation()): the
 * per-adapter overrides of dbt.adapters.base.Column, as data. Type names are lower case, without size. */
export interface ColumnTypeRules {
  /** dbt's TYPE_LABELS, upper-case keys: api.Column.translate_type('string') → 'TEXT'. */
  typeLabels: Readonly<Record<string, string>>;
  string: readonly string[];
  integer: readonly string[];
  float: readonly string[];
  numeric: readonly string[];
  /** string_size() of a string column declared without a length (dbt: 256; Snowflake: 16777216). */
  defaultStringSize: number;
}

export interface Dialect {
  /** The adapter type as written in targets and dispatch prefixes: `duckdb__x`, `snowflake__x`. */
  readonly name: string;
  /** Whether DDL can run inside a transaction (DuckDB: yes; Snowflake: DDL commits implicitly). */
  readonly transactionalDdl: boolean;
  quoteIdentifier(name: string): string;
  /** Fully qualified, quoted relation name for SQL text. */
  renderRelation(relation: RelationRef): string;
  createSchema(relation: Pick<RelationRef, 'database' | 'schema'>): string;
  createView(relation: RelationRef, selectSql: string): string;
  /** `temporary` tables are session-scoped scratch tables used by incremental strategies. */
  createTableAs(relation: RelationRef, selectSql: string, options?: { temporary?: boolean; transient?: boolean }): string;
  dropRelation(relation: RelationRef, kind: RelationKind): string;
  /** Rename within the same schema. */
  renameRelation(from: RelationRef, kind: RelationKind, toIdentifier: string): string;
  insertInto(target: RelationRef, columns: string[], fromRelation: RelationRef): string;
  /** Upsert on unique key; `columns` are the target's columns to update/insert. */
  merge(target: RelationRef, source: RelationRef, uniqueKey: string[], columns: string[]): string;
  /** Delete target rows whose key matches source rows (the first half of delete+insert). */
  deleteMatching(target: RelationRef, source: RelationRef, uniqueKey: string[]): string;
  addColumns(target: RelationRef, columns: Column[]): string;
  /** Query listing relations in a schema: must return columns `name` and `kind` ('table' | 'view'). */
  listRelationsSql(relation: Pick<RelationRef, 'database' | 'schema'>): string;
  /** Query describing a relation's columns: must return `name` and `data_type` in ordinal order. */
  columnsSql(relation: RelationRef): string;
  /** Load a CSV file with the engine's own reader. */
  createTableFromCsv(relation: RelationRef, csvPath: string, columnTypes: Record<string, string>): string;
  /** Where a temporary table named `identifier` lives when created beside `base` (DuckDB: the `temp`
   * catalog; default: base's schema). Optional: omitted means `{ ...base, identifier }`. */
  temporaryRelation?(base: RelationRef, identifier: string): RelationRef;
  /** Statements granting SELECT on a built relation to each role (model config `grants: {select: [...]}`),
   * run after every build because `create or replace` drops grants. Optional: engines without access
   * control (DuckDB) omit it and the executor skips grants. */
  grantSelect?(relation: RelationRef, kind: RelationKind, roles: string[]): string[];
  /** Exchanges two tables' contents and names in one statement (Snowflake `alter table … swap with …`).
   * Optional: engines with transactional DDL swap by drop + rename inside a transaction instead. */
  swapTables?(target: RelationRef, other: RelationRef): string;
  /** How dbt's Column reads this engine's types. Optional: omitted means dbt's base Column (Postgres-like). */
  readonly columnTypeRules?: ColumnTypeRules;
  beginTransaction(): string;
  commit(): string;
  rollback(): string;
}

export type Row = Record<string, unknown>;

export interface QueryResult {
  rows: Row[];
  columns: Column[];
  /** Rows changed by DML when the engine reports it. */
  rowsAffected?: number;
}

/** A query's answer held column-wise (TypeScript model reads): `values[j]` holds `columns[j]`, `length`
 * entries each. A numeric column without NULLs whose values are all exact doubles is a Float64Array; any
 * other column holds the values `execute` would put in its rows. */
export interface ColumnarResult {
  columns: Column[];
  values: (Float64Array | unknown[])[];
  length: number;
}

/** Rows to write, held column-wise (TypeScript model results): `values[j]` is column `names[j]` with its
 * engine type `types[j]`, `length` entries each. Values are JavaScript's (number, string, boolean, bigint,
 * Date, object, null). */
export interface ColumnBatch {
  names: string[];
  types: string[];
  values: ArrayLike<unknown>[];
  length: number;
}

/** One session with the warehouse. Not shared between concurrent workers. */
export interface Connection {
  execute(sql: string): Promise<QueryResult>;
  /** `execute` answered column-wise, without a JavaScript object per row. Optional: without it the runner
   * transposes `execute`'s rows, with the same result. */
  executeColumns?(sql: string): Promise<ColumnarResult>;
  /** Creates `relation` (which must not exist) holding `batch` with the engine's bulk writer (DuckDB: the
   * appender), no file round trip. Returns the statements it ran, for the run log. Optional: without it the
   * runner writes a CSV file and runs the dialect's createTableFromCsv. */
  createTableFromColumns?(relation: RelationRef, batch: ColumnBatch): Promise<{ rowsAffected: number; statements: string[] }>;
  /** Label the session's following statements (Snowflake `query_tag`, e.g. `clv:<project>:<model>:<run id>`)
   * so warehouse cost and history can be attributed per node; `undefined` clears it. Optional: engines
   * without query tags omit it. */
  setQueryTag?(tag: string | undefined): Promise<void>;
  close(): Promise<void>;
}

/** Owns the engine handle (database file, driver pool) and hands out sessions. */
export interface Warehouse {
  readonly dialect: Dialect;
  acquire(): Promise<Connection>;
  release(connection: Connection): void;
  close(): Promise<void>;
}

export interface Adapter {
  readonly type: string;
  readonly dialect: Dialect;
  /** `target` is the resolved target block from project.yml / profiles.yml. */
  open(target: Record<string, unknown>, options: { projectRoot: string; threads: number }): Promise<Warehouse>;
}
