// @duckdb/node-api through require(): imported as ESM, Node first runs its CommonJS export lexer over every
// one of the package's ~120 files to find named exports (~0.1 s of every command that opens DuckDB);
// require() loads the same module (one module cache, same classes) without that pass.
import { createRequire } from 'node:module';
import type * as DuckDB from '@duckdb/node-api';

const duckdb = createRequire(import.meta.url)('@duckdb/node-api') as typeof DuckDB;

export const { DuckDBInstance, DuckDBDataChunk, DuckDBTypeId, JSDuckDBValueConverter, ResultReturnType, BOOLEAN, DOUBLE, VARCHAR } = duckdb;
export type DuckDBInstance = DuckDB.DuckDBInstance;
export type DuckDBDataChunk = DuckDB.DuckDBDataChunk;
export type DuckDBTypeId = DuckDB.DuckDBTypeId;
