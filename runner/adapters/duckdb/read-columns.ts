// Column-wise reads for TypeScript models (ctx.queryColumns, handle.columns()): DuckDB's result chunks are
// walked vector by vector into one array per column, numbers straight into a Float64Array, with no
// JavaScript object per row (at 100k customers row objects and their garbage cost more than the models'
// own arithmetic).
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBTypeId, JSDuckDBValueConverter, type DuckDBDataChunk } from './bindings.js';
import type { ColumnarResult } from '../adapter.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** BIGINT/HUGEINT arrive as bigint; callers want plain numbers when they fit. */
export function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value.toString();
  return value;
}

/** Vector types whose items are JavaScript numbers or bigints: read straight into a Float64Array. */
const NUMERIC = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT, DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE,
]);
/** The numbers of a numeric column, or undefined when one is NULL or a bigint beyond 2^53 (then the column
 * holds the values execute() gives instead). */
function numberColumn(chunks: DuckDBDataChunk[], column: number, length: number): Float64Array | undefined {
  const out = new Float64Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    const vector = chunk.getColumnVector(column);
    const n = chunk.rowCount;
    for (let i = 0; i < n; i++) {
      const value = vector.getItem(i) as number | bigint | null;
      if (value === null) return undefined;
      if (typeof value === 'bigint') {
        if (value > MAX_SAFE || value < MIN_SAFE) return undefined;
        out[offset + i] = Number(value);
      } else out[offset + i] = value;
    }
    offset += n;
  }
  return out;
}

/** Any column as execute() gives its values; all numbers (e.g. DECIMAL) without NULLs → Float64Array. */
function valueColumn(chunks: DuckDBDataChunk[], column: number, length: number): Float64Array | unknown[] {
  const out = new Array<unknown>(length);
  let offset = 0;
  let numbers = true;
  for (const chunk of chunks) {
    const values = chunk.convertColumnValues(column, JSDuckDBValueConverter);
    for (let i = 0; i < values.length; i++) {
      const value = plain(values[i]);
      if (typeof value !== 'number') numbers = false;
      out[offset + i] = value;
    }
    offset += values.length;
  }
  return numbers ? Float64Array.from(out as number[]) : out;
}

export async function readColumns(connection: DuckDBConnection, sql: string): Promise<ColumnarResult> {
  const result = await connection.run(sql);
  const names = result.columnNames();
  const types = result.columnTypes();
  const chunks: DuckDBDataChunk[] = [];
  let length = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    chunks.push(chunk);
    length += chunk.rowCount;
  }
  const values = types.map((type, j) =>
    (NUMERIC.has(type.typeId) ? numberColumn(chunks, j, length) : undefined) ?? valueColumn(chunks, j, length));
  return { columns: names.map((name, j) => ({ name, dataType: String(types[j]) })), values, length };
}
