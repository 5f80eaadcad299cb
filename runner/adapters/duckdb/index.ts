// The DuckDB adapter: a target block `{ type: duckdb, path: <file>, schema?, threads?, settings?, extensions?,
// attach? }`.
// `path` is relative to the project root (dbt-duckdb's default is an in-memory database).
import { basename, extname, isAbsolute, resolve } from 'node:path';

export { duckdbDialect } from './dialect.js';
export { DuckDBWarehouse } from './connection.js';
export { duckdbAdapter } from './adapter.js';

export const DEFAULT_SCHEMA = 'main';

/** Absolute database path for a target, or ':memory:'. */
export function databasePath(target: Record<string, unknown>, projectRoot: string): string {
  const path = typeof target.path === 'string' && target.path !== '' ? target.path : ':memory:';
  if (path === ':memory:' || path.startsWith(':memory:')) return ':memory:';
  return isAbsolute(path) ? path : resolve(projectRoot, path);
}

/** DuckDB names the catalog of an attached file after its basename without extension. */
export function catalogName(path: string): string {
  return path === ':memory:' ? 'memory' : basename(path, extname(path));
}

const literal = (value: unknown) => `'${String(value).replace(/'/g, "''")}'`;

/**
 * dbt-duckdb profile options as statements run on every new connection: `extensions: [icu]` load (clv
 * installs nothing: no network), `settings: { memory_limit: 2GB }` set, and `attach:` entries
 * (`{path, alias, type, read_only}`) attach other DuckDB / SQLite files, relative to the project root like
 * `path`. Attaching is per database, so each is `if not exists` (every pooled connection runs the list).
 */
export function setupStatements(target: Record<string, unknown>, projectRoot: string): string[] {
  const statements: string[] = [];
  for (const extension of Array.isArray(target.extensions) ? target.extensions : []) {
    const name = typeof extension === 'string' ? extension : (extension as { name?: unknown })?.name;
    if (typeof name === 'string' && /^\w+$/.test(name)) statements.push(`load ${name}`);
  }
  const settings = (target.settings && typeof target.settings === 'object' ? target.settings : {}) as Record<string, unknown>;
  // Relative file paths in models (read_csv('data/x.csv'), external sources) resolve against the project
  // root as `path` does, so `clv build --project-dir` from another folder reads the same files.
  if (!('file_search_path' in settings)) statements.push(`set file_search_path = ${literal(projectRoot)}`);
  for (const [key, value] of Object.entries(settings)) statements.push(`set ${key} = ${literal(value)}`);
  for (const entry of Array.isArray(target.attach) ? target.attach : []) {
    const { path, alias, type, read_only: readOnly } = (entry ?? {}) as Record<string, unknown>;
    if (typeof path !== 'string' || path === '') continue;
    const location = /^[a-z][a-z0-9+.-]*:/i.test(path) || isAbsolute(path) ? path : resolve(projectRoot, path);
    const options = [type ? `type ${String(type)}` : '', readOnly ? 'read_only' : ''].filter(Boolean);
    statements.push(`attach if not exists ${literal(location)}${alias ? ` as ${String(alias)}` : ''}${options.length ? ` (${options.join(', ')})` : ''}`);
  }
  return statements;
}
