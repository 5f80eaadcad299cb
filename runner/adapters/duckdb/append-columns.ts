// Column-wise writes for TypeScript model results: the columns are appended to a session temp table with
// DuckDB's appender, a chunk of vectors at a time, and the target is created from it with one
// `create table as select cast(...)` to the declared types. At 100k customers this replaced a CSV file
// written in JavaScript and read back by read_csv, and builds the same table (tests/adapters/duckdb-columns).
import type { DuckDBConnection, DuckDBType } from '@duckdb/node-api';
import { BOOLEAN, DOUBLE, DuckDBDataChunk, VARCHAR } from './bindings.js';
import type { ColumnBatch } from '../adapter.js';
import type { RelationRef } from '../../manifest.js';
import { duckdbDialect } from './dialect.js';

/** The text the CSV path wrote for a value (what the engine then parsed), or null. An empty string is
 * NULL, as DuckDB's and Snowflake's CSV loaders read an empty field, so tables stay as they were. */
export function valueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text === '' ? null : text;
}

type Wire = 'double' | 'boolean' | 'varchar';
// float/real stay text: a double rounded to float could differ from the text's own rounding.
const FLOAT_TYPE = /^\s*(double|float8|double\s+precision)\s*$/i;
const INTEGER_TYPE = /^\s*(tinyint|smallint|integer|int|int2|int4|int8|bigint|hugeint|utinyint|usmallint|uinteger|ubigint|uhugeint)\s*$/i;
const BOOLEAN_TYPE = /^\s*(boolean|bool)\s*$/i;

/** How a column travels to the engine: numbers and booleans natively where the cast to the column's type
 * is exact (numbers into double columns, whole numbers into integer columns), everything else as the CSV
 * path's text, which the cast then parses exactly as read_csv did. */
function wireOf(values: ArrayLike<unknown>, type: string): Wire {
  if (values instanceof Float64Array) {
    if (FLOAT_TYPE.test(type)) return 'double';
    if (INTEGER_TYPE.test(type) && values.every((v) => Number.isNaN(v) || Number.isSafeInteger(v))) return 'double';
    return 'varchar';
  }
  const float = FLOAT_TYPE.test(type), integer = INTEGER_TYPE.test(type), bool = BOOLEAN_TYPE.test(type);
  if (!float && !integer && !bool) return 'varchar';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (bool ? typeof v !== 'boolean' : typeof v !== 'number' || (integer && Number.isFinite(v) && !Number.isSafeInteger(v))) return 'varchar';
  }
  return bool ? 'boolean' : 'double';
}

const WIRE_TYPE: Record<Wire, DuckDBType> = { double: DOUBLE, boolean: BOOLEAN, varchar: VARCHAR };
const CHUNK_ROWS = 2048; // DuckDB's vector size: the largest chunk the appender takes

function item(value: unknown, wire: Wire): number | boolean | string | null {
  if (wire === 'varchar') return valueText(value);
  if (value === null || value === undefined) return null;
  if (wire === 'double') return Number.isFinite(value as number) ? (value as number) : null;
  return value as boolean;
}

let wireTables = 0;

export async function createTableFromColumns(
  connection: DuckDBConnection,
  relation: RelationRef,
  batch: ColumnBatch,
): Promise<{ rowsAffected: number; statements: string[] }> {
  const q = duckdbDialect.quoteIdentifier;
  const wires = batch.values.map((values, j) => wireOf(values, batch.types[j]!));
  // Session-scoped (temp), so parallel nodes on other sessions never see it.
  const wire = `clv_columns_${process.pid}_${++wireTables}`;
  const createWire = `create temp table ${q(wire)} (${batch.names.map((name, j) => `${q(name)} ${wires[j]}`).join(', ')})`;
  const statements = [createWire, `-- ${batch.length} rows appended to temp.${q(wire)} by the DuckDB appender`];
  await connection.run(createWire);
  try {
    const appender = await connection.createAppender(wire, 'main', 'temp');
    try {
      const types = wires.map((w) => WIRE_TYPE[w]);
      for (let offset = 0; offset < batch.length; offset += CHUNK_ROWS) {
        const rows = Math.min(CHUNK_ROWS, batch.length - offset);
        const chunk = DuckDBDataChunk.create(types, rows);
        batch.values.forEach((values, j) => {
          const vector = chunk.getColumnVector(j);
          const w = wires[j]!;
          for (let i = 0; i < rows; i++) vector.setItem(i, item(values[offset + i], w) as never);
          vector.flush();
        });
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    const select = batch.names.map((name, j) => `cast(${q(name)} as ${batch.types[j]}) as ${q(name)}`).join(', ');
    const create = `create table ${duckdbDialect.renderRelation(relation)} as select ${select} from temp.main.${q(wire)}`;
    statements.push(create);
    await connection.run(create);
  } finally {
    const drop = `drop table if exists temp.main.${q(wire)}`;
    statements.push(drop);
    await connection.run(drop);
  }
  return { rowsAffected: batch.length, statements };
}
