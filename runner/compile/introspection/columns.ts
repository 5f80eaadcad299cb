// The Column objects adapter.get_columns_in_relation() returns, with the attributes and predicates of dbt's
// `dbt.adapters.base.Column` that projects use to build select lists (`col.name`, `col.data_type`,
// `col.is_number()`, `col.quoted`...). The type predicates read the engine's spelling of the type.
import type { AnswerColumn } from './requests.js';

export interface RelationColumn {
  name: string;
  /** dbt's alias of `name`. */
  column: string;
  /** The type as the engine spells it, with size/precision (VARCHAR, DECIMAL(18,2), NUMBER(38,0)). */
  data_type: string;
  /** The type name without size/precision. */
  dtype: string;
  /** The name quoted for the engine. */
  quoted: string;
  char_size: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
  is_string(): boolean;
  is_number(): boolean;
  is_numeric(): boolean;
  is_integer(): boolean;
  is_float(): boolean;
  string_size(): number;
  literal(value: unknown): string;
}

const STRING = /^(varchar|text|string|char|character|character varying|nvarchar|nchar|bpchar)$/i;
const INTEGER = /^(int|integer|bigint|smallint|tinyint|hugeint|byteint|utinyint|usmallint|uinteger|ubigint|uhugeint|int2|int4|int8|long|short|signed)$/i;
const FLOAT = /^(float|float4|float8|double|double precision|real)$/i;
const NUMERIC = /^(numeric|decimal|number)$/i;

export function relationColumn(column: AnswerColumn, quote: (name: string) => string): RelationColumn {
  const match = /^\s*([^(]+?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/.exec(column.dataType);
  const dtype = match?.[1] ?? column.dataType;
  const first = match?.[2] === undefined ? null : Number(match[2]);
  const second = match?.[3] === undefined ? null : Number(match[3]);
  const isString = STRING.test(dtype);
  // Snowflake spells every integer NUMBER(38,0): a numeric with scale 0 counts as an integer, as in dbt-snowflake.
  const isNumeric = NUMERIC.test(dtype);
  const isInteger = INTEGER.test(dtype) || (isNumeric && second === 0);
  const isFloat = FLOAT.test(dtype);
  return {
    name: column.name,
    column: column.name,
    data_type: column.dataType,
    dtype,
    quoted: quote(column.name),
    char_size: isString ? first : null,
    numeric_precision: isNumeric ? first : null,
    numeric_scale: isNumeric ? second : null,
    is_string: () => isString,
    is_number: () => isInteger || isFloat || isNumeric,
    is_numeric: () => isNumeric,
    is_integer: () => isInteger,
    is_float: () => isFloat,
    string_size: () => (isString ? (first ?? 16777216) : 0),
    literal: (value: unknown) => `cast('${String(value).replace(/'/g, "''")}' as ${column.dataType})`,
  };
}
