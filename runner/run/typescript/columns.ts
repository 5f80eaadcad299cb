// Rows held column-wise, both ways: a query's answer handed to a model (ctx.queryColumns, handle.columns())
// and a model's result on its way to the engine (a ColumnBatch, whether run() returned row objects or
// `{ columns }`). Engines that cannot answer column-wise get their rows transposed here, with the same
// result, so a model reads and writes the same way on every adapter.
import type { ColumnarResult, ColumnBatch, QueryResult } from '../../adapters/adapter.js';
import type { ColumnTypes, ModelColumns, ModelRow } from '../../typescript-model.js';
import { columnsOf, inferType } from './rows-file.js';

/** A column of values: a Float64Array when all are numbers (no NULLs), as the DuckDB reader answers. */
export function numbersOrValues(values: unknown[]): Float64Array | unknown[] {
  return values.every((v) => typeof v === 'number') ? Float64Array.from(values as number[]) : values;
}

/** execute()'s rows column-wise, for connections without executeColumns. */
export function transpose(result: QueryResult): ColumnarResult {
  const names = result.columns.length > 0 ? result.columns.map((c) => c.name) : columnsOf(result.rows, {});
  return {
    columns: names.map((name, j) => result.columns[j] ?? { name, dataType: 'unknown' }),
    values: names.map((name) => numbersOrValues(result.rows.map((row) => row[name] ?? null))),
    length: result.rows.length,
  };
}

/** Snowflake answers unquoted identifiers upper-cased; models see the lower-case names they wrote. */
export function modelName(name: string, all: readonly string[]): string {
  const upperCased = all.some((k) => /[A-Z]/.test(k) && k === k.toUpperCase());
  return upperCased && name === name.toUpperCase() ? name.toLowerCase() : name;
}

export function toModelColumns(result: ColumnarResult): ModelColumns {
  const raw = result.columns.map((c) => c.name);
  const names = raw.map((name) => modelName(name, raw));
  const columns: Record<string, Float64Array | unknown[]> = {};
  names.forEach((name, j) => (columns[name] = result.values[j]!));
  return { names, length: result.length, columns };
}

const isRowArray = (value: unknown): value is ModelRow[] =>
  Array.isArray(value) && value.every((row) => !!row && typeof row === 'object' && !Array.isArray(row));

const isColumnTable = (value: unknown): value is { columns: Record<string, ArrayLike<unknown>> } => {
  const columns = (value as { columns?: unknown } | null)?.columns;
  return !!columns && typeof columns === 'object' && !Array.isArray(columns) &&
    Object.values(columns).every((c) => Array.isArray(c) || ArrayBuffer.isView(c));
};

/**
 * What run(ctx) returned, column-wise with each column's engine type (declared in config.columns or
 * inferred from the values). Rows: columns in order of first appearance; `{ columns }`: key order. Declared
 * columns the result lacks come last, all NULL.
 */
export function toBatch(returned: unknown, declared: ColumnTypes, file: string): ColumnBatch {
  let names: string[];
  let values: ArrayLike<unknown>[];
  let length: number;
  if (isRowArray(returned)) {
    names = columnsOf(returned, declared);
    values = names.map((name) => returned.map((row) => row[name]));
    length = returned.length;
  } else if (isColumnTable(returned)) {
    const given = Object.keys(returned.columns);
    length = given.length > 0 ? returned.columns[given[0]!]!.length : 0;
    const uneven = given.find((name) => returned.columns[name]!.length !== length);
    if (uneven !== undefined) {
      throw new Error(`${file}: run(ctx) returned columns of different lengths ('${given[0]}' has ${length} values, '${uneven}' ${returned.columns[uneven]!.length}): every column needs one value per row`);
    }
    names = [...given, ...Object.keys(declared).filter((name) => !given.includes(name))];
    values = names.map((name) => returned.columns[name] ?? new Array<null>(length).fill(null));
  } else {
    throw new Error(`${file}: run(ctx) must return an array of plain row objects or { columns: { name: values, ... } }`);
  }
  const types = names.map((name, j) => declared[name] ?? inferType(Array.from(values[j]!)));
  return { names, types, values, length };
}
