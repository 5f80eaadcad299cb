// dbt-snowflake's SnowflakeColumn (dbt/adapters/snowflake/column.py): every integer is really NUMBER(38,0), so
// is_integer() is always false and the integer names count as numeric; a VARCHAR without a length holds
// 16,777,216 characters.
import type { ColumnTypeRules } from '../adapter.js';
import { BASE_COLUMN_TYPES } from '../column-types.js';

export const snowflakeColumnTypes: ColumnTypeRules = {
  ...BASE_COLUMN_TYPES,
  integer: [],
  numeric: ['int', 'integer', 'bigint', 'smallint', 'tinyint', 'byteint', 'numeric', 'decimal', 'number'],
  float: ['float', 'float4', 'float8', 'double', 'double precision', 'real'],
  defaultStringSize: 16777216,
};
