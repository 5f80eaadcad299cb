// The manifest is the single plain-data contract between compile, plan, run and artifacts.
// Shapes and unique ids follow dbt's manifest.json (model.<project>.<name>, test.<project>.<name>.<hash>,
// seed.<project>.<name>, source.<project>.<source>.<table>) so tools that read dbt artifacts feel at home.

export type ResourceType = 'model' | 'seed' | 'test' | 'source' | 'analysis';
/** `external` is dbt-duckdb's: written to a file, read through a view (DuckDB only). `snapshot`: a dbt
 * snapshot (type-2 history), a model node with a `snapshot.` unique id. */
export type Materialization = 'view' | 'table' | 'incremental' | 'ephemeral' | 'external' | 'snapshot' | 'seed' | 'test';
export type IncrementalStrategy = 'merge' | 'delete+insert' | 'append' | 'microbatch';
export type OnSchemaChange = 'ignore' | 'append_new_columns' | 'fail' | 'sync_all_columns';
export type Severity = 'error' | 'warn';

/** Where a relation lives in the warehouse. `database` is the DuckDB catalog or Snowflake database. */
export interface RelationRef {
  database?: string;
  schema: string;
  identifier: string;
}

export interface NodeConfig {
  enabled: boolean;
  materialized: Materialization;
  tags: string[];
  schema?: string;
  database?: string;
  alias?: string;
  unique_key?: string | string[];
  incremental_strategy?: IncrementalStrategy;
  on_schema_change?: OnSchemaChange;
  full_refresh?: boolean;
  /** Tests only. */
  severity?: Severity;
  warn_if?: string;
  error_if?: string;
  where?: string;
  limit?: number;
  store_failures?: boolean;
  /** Seeds only: column name -> SQL type. */
  column_types?: Record<string, string>;
  /** Everything else the user configured (grants, meta, adapter-specific keys...). */
  [key: string]: unknown;
}

export interface ColumnInfo {
  name: string;
  description: string;
  data_type?: string;
  tags: string[];
  meta: Record<string, unknown>;
}

export interface DependsOn {
  nodes: string[];
  macros: string[];
}

interface NodeBase {
  unique_id: string;
  resource_type: ResourceType;
  name: string;
  package_name: string;
  /** Path relative to the project root, POSIX separators. */
  original_file_path: string;
  fqn: string[];
  description: string;
  tags: string[];
  meta: Record<string, unknown>;
  config: NodeConfig;
  depends_on: DependsOn;
  /** sha256 of the raw file contents (seeds: of the CSV). */
  checksum: string;
}

export interface ModelNode extends NodeBase {
  resource_type: 'model';
  language: 'sql' | 'typescript';
  raw_code: string;
  /** SQL rendered with is_incremental() = false (first build, --full-refresh, view/table). */
  compiled_code: string;
  /** SQL rendered with is_incremental() = true; present only when the template calls is_incremental(). */
  compiled_incremental_code?: string;
  relation: RelationRef;
  refs: string[][];
  sources: string[][];
  columns: Record<string, ColumnInfo>;
  /** Line in the source file of each config() call etc. is not kept; the file path is enough to teach. */
  patch_path?: string;
  /** Names of the var()s the template read (for state:modified-style comparisons). */
  vars_used?: string[];
  /** clv lineage (optional; `clv lineage` / `clv compile --lineage`): column -> upstream '<unique_id>.<column>' paths. */
  column_lineage?: Record<string, string[]>;
  /** clv lineage: column (or '*' for the whole model) -> why its lineage could not be determined. */
  column_lineage_unresolved?: Record<string, string>;
  /** clv: the pre-hook / post-hook SQL, rendered in the node's context; present only when it has hooks. */
  compiled_hooks?: CompiledHooks;
  /** clv (optional): the template reads the warehouse while compiling (run_query, statement/load_result,
   * adapter.get_relation/get_columns_in_relation, dbt_utils.get_column_values...). compiled_code is then
   * what it renders to without answers; the runner renders it again with them right before running it. */
  introspection?: IntrospectionMarker;
}

/** What a template asks the warehouse while compiling. Relations are as compile knew them; the runner's
 * render (with final relations) asks again, so these document the node more than they drive the run. */
export type IntrospectionRequest =
  /** run_query(sql), {% call statement(...) %}: the rows of a query (SQL with relations filled in). */
  | { kind: 'query'; sql: string }
  /** adapter.get_relation() / load_relation(): whether the relation exists, and as what. */
  | { kind: 'relation'; relation: RelationRef }
  /** adapter.get_columns_in_relation(): its columns in order. */
  | { kind: 'columns'; relation: RelationRef };

export interface IntrospectionMarker {
  requests: IntrospectionRequest[];
  /** The render failed once it used a stand-in answer (e.g. `results.rows[0][0] + 1` on no rows): compiled_code
   * then comes from a render with `execute` false, as in dbt's parse phase. */
  deferred_error?: string;
}

/** Hook SQL run before and after a node is built, in order. */
export interface CompiledHooks {
  pre: string[];
  post: string[];
}

export interface SeedNode extends NodeBase {
  resource_type: 'seed';
  relation: RelationRef;
  columns: Record<string, ColumnInfo>;
  /** Absolute or project-relative CSV path handed to the engine's CSV reader. */
  seed_path: string;
  /** clv: the pre-hook / post-hook SQL, rendered in the node's context; present only when it has hooks. */
  compiled_hooks?: CompiledHooks;
}

export interface TestMetadata {
  /** Generic test name (not_null, unique, ...); absent for singular tests. */
  name?: string;
  namespace?: string;
  kwargs: Record<string, unknown>;
}

export interface TestNode extends NodeBase {
  resource_type: 'test';
  /** A query returning the failing rows. The runner counts them and applies warn_if/error_if. */
  compiled_code: string;
  raw_code: string;
  test_metadata?: TestMetadata;
  /** The model/seed/source the test is attached to (for `build` ordering and selection). */
  attached_node?: string;
  column_name?: string;
  /** Relation where failures are stored when store_failures is set. */
  relation: RelationRef;
  /** clv (optional): a singular test whose template reads the warehouse while compiling (see ModelNode). */
  introspection?: IntrospectionMarker;
  /** clv framework: present on unit tests of models (`unit_tests:` in YAML; selected by test_type:unit). */
  unit_test?: UnitTestDefinition;
}

/** A unit test of a model: the model's SQL over given rows, compared with expected rows (order-insensitive,
 * only the expected columns). */
export interface UnitTestDefinition {
  /** unique_id of the model under test. */
  model: string;
  /** The model's compiled SQL with each input relation replaced by a CTE of the given rows. */
  actual_sql: string;
  expected_sql: string;
  /** Columns compared; empty means every column of expected_sql. */
  expected_columns: string[];
  overrides?: { vars: Record<string, unknown>; macros: Record<string, unknown> };
  /** Given rows per input: the input's relation, the columns the rows give, and the marker in actual_sql
   * where the input's other columns go (as nulls, when the model needs them; read from the target, as dbt). */
  inputs?: { relation: RelationRef; columns: string[]; marker: string }[];
}

export interface SourceNode extends NodeBase {
  resource_type: 'source';
  source_name: string;
  relation: RelationRef;
  /** What `source()` renders as when it is not `relation`: dbt-duckdb's external_location (a file path or a
   * reader call such as read_csv('data/orders.csv')). As in dbt's manifest, where it is the relation name. */
  relation_name?: string;
  columns: Record<string, ColumnInfo>;
  loaded_at_field?: string;
  freshness?: unknown;
}

/** dbt's analysis: SQL under `analysis-paths` compiled like a model (ref, source, macros) to
 * target/compiled, never run. Selectable (`resource_type:analysis`), listed by `ls`; nothing can ref() it. */
export interface AnalysisNode extends NodeBase {
  resource_type: 'analysis';
  language: 'sql';
  raw_code: string;
  compiled_code: string;
  /** Where it would live if it were a model (dbt records database/schema/alias for analyses too). */
  relation: RelationRef;
  refs: string[][];
  sources: string[][];
  columns: Record<string, ColumnInfo>;
  vars_used?: string[];
  patch_path?: string;
  /** As a model's: `clv show` of an analysis that reads the warehouse renders it with the answers. */
  introspection?: IntrospectionMarker;
}

export type ExecutableNode = ModelNode | SeedNode | TestNode | AnalysisNode;
export type AnyNode = ExecutableNode | SourceNode;

export interface MacroInfo {
  unique_id: string;
  name: string;
  original_file_path: string;
  checksum: string;
  /** clv framework (state:modified.macros): the macro's own `{% macro %}…{% endmacro %}` text, as dbt's
   * manifest records it, so a change to one macro of a file marks only that macro modified. */
  macro_sql?: string;
  /** clv framework: macros this macro's text calls (by name, and adapter.dispatch candidates). */
  depends_on?: { macros: string[] };
}

export interface DocBlock {
  unique_id: string;
  name: string;
  original_file_path: string;
  block_contents: string;
}

export interface TargetInfo {
  name: string;
  type: string;
  database?: string;
  schema: string;
  threads: number;
  [key: string]: unknown;
}

export interface Manifest {
  metadata: {
    project_name: string;
    generated_at: string;
    adapter_type: string;
    target_name: string;
    invocation_id?: string;
  };
  /** Models, seeds and tests keyed by unique_id. */
  nodes: Record<string, ExecutableNode>;
  sources: Record<string, SourceNode>;
  macros: Record<string, MacroInfo>;
  docs: Record<string, DocBlock>;
  /** unique_id -> direct upstream unique_ids (nodes and sources). */
  parent_map: Record<string, string[]>;
  child_map: Record<string, string[]>;
  vars: Record<string, unknown>;
  target: TargetInfo;
  /** clv: on-run-start / on-run-end SQL, rendered at compile (`schemas` = the project's schemas; `results`
   * is empty then); run before and after run/seed/test/build. Present only when the project has them. */
  run_hooks?: { start: string[]; end: string[] };
}
