// The DuckDB adapter object, apart from index.ts so that naming the engine (runner/adapters/index.ts, every
// `clv compile`) loads only its dialect: DuckDB's bindings (~0.4 s of CPU to import) load in open(), when a
// run needs the database, as the Snowflake adapter loads its driver.
import type { Adapter } from '../adapter.js';
import { duckdbDialect } from './dialect.js';

export const duckdbAdapter: Adapter = {
  type: 'duckdb',
  dialect: duckdbDialect,
  async open(target, options) {
    const { DuckDBWarehouse, databasePath, setupStatements } = await import('./index.js');
    return DuckDBWarehouse.open(databasePath(target, options.projectRoot), {
      threads: options.threads,
      setup: setupStatements(target, options.projectRoot),
    });
  },
};
