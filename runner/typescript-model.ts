// TypeScript models: the public shape of a `models/**/<name>.ts` file (dbt's Python models, in TypeScript).
// The file default-exports `defineModel({ refs, config, run })`. The compiler reads `refs`, `sources` and
// `config` from the file text without running it (they must be literals), so compile stays pure; the
// runner imports the file at run time, calls `run(ctx)` and materializes the returned rows as a table.
// Rows can travel as objects (`query`, an array of rows) or column-wise (`columns`/`queryColumns`, a
// `{ columns }` result): the same values either way, column-wise without an object per row.

/** A plain row: column name → value (number, string, boolean, Date, bigint or null). */
export type ModelRow = Record<string, unknown>;

/**
 * Rows held column-wise, as `columns()` / `queryColumns()` read them: `columns[name]` has `length` values.
 * A column whose values are all numbers (no NULLs) is a Float64Array; any other column is an array of the
 * values `rows()` gives. No object per row: the way to read large inputs.
 */
export interface ModelColumns {
  /** Column names in the query's order. */
  readonly names: string[];
  readonly length: number;
  readonly columns: Record<string, Float64Array | unknown[]>;
}

/**
 * A result returned column-wise instead of as rows: `{ columns: { name: values, ... } }`, every column the
 * same length (arrays or typed arrays such as Float64Array). Columns keep the object's key order; values
 * are typed and written as rows' values are. A ModelColumns read from a relation is one too.
 */
export interface ModelTable {
  readonly columns: Record<string, ArrayLike<unknown>>;
}

/** Column name → SQL type (e.g. `{ customer_id: 'varchar', clv: 'double', as_of: 'date' }`). Columns not
 * listed get a type inferred from the values; listing every column makes an empty result a valid table. */
export type ColumnTypes = Record<string, string>;

export interface TypeScriptModelConfig {
  materialized?: 'table' | 'incremental';
  unique_key?: string | string[];
  incremental_strategy?: 'merge' | 'delete+insert' | 'append';
  on_schema_change?: 'ignore' | 'append_new_columns' | 'fail' | 'sync_all_columns';
  tags?: string[];
  schema?: string;
  alias?: string;
  enabled?: boolean;
  columns?: ColumnTypes;
  meta?: Record<string, unknown>;
  [key: string]: unknown;
}

/** An upstream relation handed to run(): its rendered name plus helpers that read it. */
export interface RelationHandle {
  /** Fully qualified, quoted relation name, ready to splice into SQL. */
  readonly relation: string;
  toString(): string;
  /** Every row of the relation. Keep upstream relations small (group in SQL first). */
  rows(): Promise<ModelRow[]>;
  /** Run SQL where `{{ this }}` is replaced by the relation name, e.g. `select count(*) n from {{ this }}`. */
  query(sql: string): Promise<ModelRow[]>;
  /** query() answered column-wise (default SQL: every column of the relation). */
  columns(sql?: string): Promise<ModelColumns>;
}

export interface ModelLog {
  /** Shown as a WARN in the run output, recorded in run_results (the node ends with status `warn`). */
  warn(message: string): void;
  info(message: string): void;
}

export interface ModelContext {
  ref(name: string): RelationHandle;
  source(sourceName: string, tableName: string): RelationHandle;
  /** Any SQL on the node's warehouse session. */
  query(sql: string): Promise<ModelRow[]>;
  /** query() answered column-wise. */
  queryColumns(sql: string): Promise<ModelColumns>;
  /** Project/--vars value, or `defaultValue` when unset (an unset var without default throws, as in dbt). */
  var<T = unknown>(name: string, defaultValue?: T): T;
  /** This model's own relation (e.g. to read the existing rows of an incremental model). */
  readonly this: RelationHandle;
  /** True when the model is incremental, its table exists and this is not a full refresh. */
  readonly isIncremental: boolean;
  readonly log: ModelLog;
  /** The target without credentials (name, type, schema, database, threads). */
  readonly target: { name: string; type: string; schema: string; database?: string; [key: string]: unknown };
}

export interface TypeScriptModel {
  /** Names of the models/seeds this model reads; must be a literal array of strings. */
  refs?: string[];
  /** [source name, table name] pairs; literal. */
  sources?: [string, string][];
  /** Literal config (materialized, unique_key, tags, columns, ...). */
  config?: TypeScriptModelConfig;
  /** The table's rows, as row objects or column-wise (ModelTable). */
  run(ctx: ModelContext): Promise<ModelRow[] | ModelTable> | ModelRow[] | ModelTable;
}

/** Identity at run time; gives the file type checking and the marker the compiler looks for. */
export function defineModel(model: TypeScriptModel): TypeScriptModel {
  return model;
}
