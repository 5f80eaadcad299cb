// What the loader hands the pure compiler: every project file's text, the validated project config and the
// resolved target. After loading, nothing downstream touches the disk until `run`.

/** Folder-scoped config tree as in dbt_project.yml `models:` / `seeds:` / `data_tests:`; keys with or
 * without `+`, nested by folder name. Kept raw; the compiler resolves it per node path. */
export type ConfigTree = Record<string, unknown>;

export interface ProjectConfig {
  name: string;
  version: string;
  /** 'project.yml' or 'dbt_project.yml': the file the config came from, for error messages. */
  configFile: string;
  modelPaths: string[];
  macroPaths: string[];
  seedPaths: string[];
  /** Singular data tests (dbt `test-paths`); default ['tests/data'] for project.yml, ['tests'] for dbt. */
  testPaths: string[];
  docsPaths: string[];
  /** dbt `snapshot-paths`: files of `{% snapshot name %}` blocks (default ['snapshots']). */
  snapshotPaths: string[];
  /** dbt `analysis-paths`: SQL compiled like models, never run (default ['analyses']). Optional for configs
   * built elsewhere (tests); the loader always sets it. */
  analysisPaths?: string[];
  targetPath: string;
  cleanTargets: string[];
  vars: Record<string, unknown>;
  models: ConfigTree;
  seeds: ConfigTree;
  tests: ConfigTree;
  sources: ConfigTree;
  snapshots: ConfigTree;
  /** dbt's on-run-start / on-run-end SQL (unrendered: compile renders it). */
  onRunStart?: string[];
  onRunEnd?: string[];
}

export interface ResolvedTarget {
  /** Target name, e.g. 'dev', 'duckdb', 'snowflake'. */
  name: string;
  /** Adapter type: 'duckdb' | 'snowflake'. */
  type: string;
  /** Default schema for relations (dbt `schema`). */
  schema: string;
  /** DuckDB catalog (file basename) or Snowflake database. */
  database?: string;
  threads: number;
  /** Every other key of the target block (path, account, user, ...), env_var() already rendered. */
  [key: string]: unknown;
}

export interface ProjectFile {
  /** Project-relative POSIX path, e.g. 'models/staging/stg_orders.sql'. */
  path: string;
  contents: string;
}

export interface SeedFile {
  path: string;
  /** Absolute path for the engine's CSV reader. */
  absolutePath: string;
  checksum: string;
  /** First line of the CSV (column names), for manifest columns without asking the engine. */
  header: string[];
}

export interface LoadedProject {
  root: string;
  config: ProjectConfig;
  target: ResolvedTarget;
  /** Names of all targets defined, for `--target` errors and `clv debug`. */
  targetNames: string[];
  /** Models (.sql, .ts), macros (.sql), schema YAML (.yml/.yaml), docs (.md), singular tests (.sql). */
  files: ProjectFile[];
  seeds: SeedFile[];
  /** Warnings produced while loading (e.g. dbt keys that have no effect here). */
  warnings: string[];
  /** dbt packages declared in packages.yml / dependencies.yml or installed in dbt_packages/ (names such as dbt_utils). */
  packages?: string[];
  /** Macro files of installed packages clv does not bundle, each with its package name. */
  packageMacros?: (ProjectFile & { pkg: string })[];
}
