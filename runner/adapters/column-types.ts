// dbt's base Column (dbt-adapters, dbt/adapters/base/column.py): the type names its predicates know, which are
// Postgres's. Each adapter folder overrides what its engine spells differently (duckdb/, snowflake/).
import type { ColumnTypeRules } from './adapter.js';

export const BASE_COLUMN_TYPES: ColumnTypeRules = {
  typeLabels: { STRING: 'TEXT' },
  string: ['text', 'character varying', 'character', 'varchar'],
  integer: ['smallint', 'integer', 'bigint', 'smallserial', 'serial', 'bigserial', 'int2', 'int4', 'int8', 'serial2', 'serial4', 'serial8'],
  float: ['real', 'float4', 'float', 'double precision', 'float8', 'double'],
  numeric: ['numeric', 'decimal'],
  defaultStringSize: 256,
};
