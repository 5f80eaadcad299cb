// dbt-duckdb's DuckDBColumn (dbt/adapters/duckdb/column.py): dbt's base Column with DuckDB's integer and float
// names (signed, unsigned and their aliases); strings and numerics as in the base class.
import type { ColumnTypeRules } from '../adapter.js';
import { BASE_COLUMN_TYPES } from '../column-types.js';

export const duckdbColumnTypes: ColumnTypeRules = {
  ...BASE_COLUMN_TYPES,
  integer: ['tinyint', 'smallint', 'integer', 'bigint', 'hugeint', 'utinyint', 'usmallint', 'uinteger', 'ubigint', 'int1', 'int2', 'int4', 'int8', 'short', 'int', 'signed', 'long'],
  float: ['real', 'float', 'float4', 'float8', 'double'],
};
