// The DuckDB adapter: a target block `{ type: duckdb, path: <file>, schema?, threads?, settings? }`.
// `path` is relative to the project root (dbt-duckdb's default is an in-memory database).
import { basename, extname, isAbsolute, resolve } from 'node:path';
import type { Adapter } from '../adapter.js';
import { duckdbDialect } from './dialect.js';
import { DuckDBWarehouse } from './connection.js';

export { duckdbDialect } from './dialect.js';
export { DuckDBWarehouse } from './connection.js';

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

/** dbt-duckdb `settings: { memory_limit: 2GB }` become `set` statements on every connection. */
function settingStatements(target: Record<string, unknown>): string[] {
  const settings = target.settings;
  if (!settings || typeof settings !== 'object') return [];
  return Object.entries(settings as Record<string, unknown>).map(
    ([key, value]) => `set ${key} = '${String(value).replace(/'/g, "''")}'`,
  );
}

export const duckdbAdapter: Adapter = {
  type: 'duckdb',
  dialect: duckdbDialect,
  open(target, options) {
    return DuckDBWarehouse.open(databasePath(target, options.projectRoot), {
      threads: options.threads,
      setup: settingStatements(target),
    });
  },
};
