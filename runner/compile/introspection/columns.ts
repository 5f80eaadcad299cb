// dbt's Column (dbt-adapters, dbt/adapters/base/column.py), one shape for what adapter.get_columns_in_relation()
// returns and what api.Column builds: the attributes and predicates projects use to build select lists
// (`col.name`, `col.data_type`, `col.is_number()`, `col.quoted`...). What an engine spells differently (which
// names are integers, a string's default size) comes from its adapter's ColumnTypeRules.
import type { ColumnTypeRules } from '../../adapters/adapter.js';
import { BASE_COLUMN_TYPES } from '../../adapters/column-types.js';
import { ProjectError } from '../../errors.js';
import type { AnswerColumn } from './requests.js';

export interface RelationColumn {
  name: string;
  /** dbt's field; `name` is its alias. */
  column: string;
  /** The type name as given, without size/precision when read from the warehouse (VARCHAR, DECIMAL). */
  dtype: string;
  /** dbt's data_type: a string as string_type(size), a numeric as numeric_type(dtype, precision, scale), else dtype. */
  data_type: string;
  /** The name in double quotes (escaped for the engine). */
  quoted: string;
  char_size: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
  is_string(): boolean;
  is_number(): boolean;
  is_numeric(): boolean;
  is_integer(): boolean;
  is_float(): boolean;
  /** dbt raises on a column that is not a string. */
  string_size(): number;
  can_expand_to(other: RelationColumn): boolean;
  /** dbt's `value::data_type` (the value as given: quote a string literal yourself). */
  literal(value: unknown): string;
}

export interface ColumnSpec {
  column: string;
  dtype: string;
  char_size?: number | null;
  numeric_precision?: number | null;
  numeric_scale?: number | null;
}

export type Quote = (name: string) => string;

const doubleQuote: Quote = (name) => `"${name.replace(/"/g, '""')}"`;

export function dbtColumn(spec: ColumnSpec, rules: ColumnTypeRules = BASE_COLUMN_TYPES, quote: Quote = doubleQuote): RelationColumn {
  const type = spec.dtype.toLowerCase();
  const isString = rules.string.includes(type);
  const isInteger = rules.integer.includes(type);
  const isFloat = rules.float.includes(type);
  const isNumeric = rules.numeric.includes(type);
  const charSize = spec.char_size ?? null;
  const precision = spec.numeric_precision ?? null;
  const scale = spec.numeric_scale ?? null;
  const stringSize = (): number => {
    if (!isString) throw new ProjectError(`string_size() called on column '${spec.column}', whose type ${spec.dtype} is not a string`, { hint: 'Check col.is_string() first.' });
    return spec.dtype === 'text' || charSize === null ? rules.defaultStringSize : charSize;
  };
  const dataType = isString ? stringType(stringSize()) : isNumeric ? numericType(spec.dtype, precision, scale) : spec.dtype;
  const self: RelationColumn = {
    name: spec.column,
    column: spec.column,
    dtype: spec.dtype,
    data_type: dataType,
    quoted: quote(spec.column),
    char_size: charSize,
    numeric_precision: precision,
    numeric_scale: scale,
    is_string: () => isString,
    is_number: () => isInteger || isFloat || isNumeric,
    is_numeric: () => isNumeric,
    is_integer: () => isInteger,
    is_float: () => isFloat,
    string_size: stringSize,
    can_expand_to: (other) => isString && other.is_string() && other.string_size() > stringSize(),
    literal: (value) => `${String(value)}::${dataType}`,
  };
  // Printed in a template, as dbt's repr.
  Object.defineProperty(self, 'toString', { value: () => `<Column ${spec.column} (${dataType})>`, enumerable: false });
  return self;
}

/** dbt's Column.from_description: `VARCHAR(16777216)` → dtype VARCHAR, char_size 16777216; `NUMBER(38,0)` →
 * precision 38, scale 0. A nested type (STRUCT(a INT), ARRAY(...)) keeps its text as the dtype. */
export function fromDescription(name: string, raw: string, rules?: ColumnTypeRules, quote?: Quote): RelationColumn {
  const match = /^\s*([^(]+?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/.exec(raw);
  if (!match) return dbtColumn({ column: name, dtype: raw }, rules, quote);
  const [, dtype, first, second] = match;
  const size = first === undefined ? null : Number(first);
  return dbtColumn({ column: name, dtype: dtype!, char_size: second === undefined ? size : null, numeric_precision: second === undefined ? null : size, numeric_scale: second === undefined ? null : Number(second) }, rules, quote);
}

/** A column of a warehouse answer (adapter.get_columns_in_relation). */
export function relationColumn(column: AnswerColumn, quote: Quote, rules?: ColumnTypeRules): RelationColumn {
  return fromDescription(column.name, column.dataType, rules, quote);
}

export function stringType(size: unknown): string {
  return `character varying(${String(size)})`;
}

export function numericType(dtype: string, precision: unknown, scale: unknown): string {
  return precision === null || precision === undefined || scale === null || scale === undefined ? dtype : `${dtype}(${String(precision)},${String(scale)})`;
}
