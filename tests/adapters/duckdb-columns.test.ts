// Column-wise IO of the DuckDB connection (TypeScript models): a table written with the appender holds
// exactly what the CSV path (writeRowsFile + createTableFromCsv) built from the same values, and a
// column-wise read gives the values execute() gives, numbers as Float64Array.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { duckdbAdapter, duckdbDialect as d } from '../../runner/adapters/duckdb/index.js';
import type { ColumnBatch, Connection, Warehouse } from '../../runner/adapters/adapter.js';
import type { RelationRef } from '../../runner/manifest.js';
import { writeRowsFile } from '../../runner/run/typescript/rows-file.js';
import { DatabaseError } from '../../runner/errors.js';

let dir: string;
let warehouse: Warehouse;
let conn: Connection;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clv-duckdb-columns-'));
  warehouse = await duckdbAdapter.open({ type: 'duckdb', path: 'shop.duckdb' }, { projectRoot: dir, threads: 1 });
  conn = await warehouse.acquire();
});
afterEach(async () => {
  warehouse.release(conn);
  await warehouse.close();
  rmSync(dir, { recursive: true, force: true });
});

const rel = (identifier: string): RelationRef => ({ database: 'shop', schema: 'main', identifier });
const rows = async (sql: string) => (await conn.execute(sql)).rows;

/** Every kind of value a model returns, into declared types that take the fast (native) and the text path. */
const batch: ColumnBatch = {
  names: ['id', 'score', 'count', 'whole', 'flag', 'label', 'day', 'stamp', 'amount', 'big', 'json', 'ratio', 'mixed'],
  types: ['varchar', 'double', 'integer', 'bigint', 'boolean', 'varchar', 'date', 'timestamp', 'decimal(18,2)', 'hugeint', 'varchar', 'double', 'varchar'],
  values: [
    ['a', 'b', 'c', 'd'],
    Float64Array.from([0.1, 1 / 3, -2.5e-300, Number.NaN]),
    Float64Array.from([1, 2, 3, 4]),
    [1, null, 9007199254740991, -4],
    [true, false, null, true],
    ['x', '', null, 'say "hi", then, go'],
    ['2026-06-30', new Date('2026-07-01T00:00:00Z'), null, '2026-07-02'],
    [new Date('2026-06-30T10:11:12.345Z'), null, '2026-06-30 01:02:03', new Date(0)],
    [1.005, 0.1, 12.345, null],
    [123456789012345678901234567890n, null, 1n, -5n],
    [{ a: 1 }, [1, 2], null, 'plain'],
    [1.5, Number.POSITIVE_INFINITY, null, 2],
    [1, 'two', true, null],
  ],
  length: 4,
};

describe('duckdb column-wise IO', () => {
  it('builds with the appender exactly the table the CSV path built from the same values', async () => {
    const written = await conn.createTableFromColumns!(rel('by_appender'), batch);
    expect(written.rowsAffected).toBe(4);
    expect(written.statements[0]).toMatch(/^create temp table "clv_columns_\d+_\d+" \("id" varchar, "score" double, "count" double, "whole" double, "flag" boolean, "label" varchar/);
    expect(written.statements[2]).toMatch(/^create table "shop"\."main"\."by_appender" as select cast\("id" as varchar\) as "id", cast\("score" as double\)/);
    expect(written.statements[3]).toMatch(/^drop table if exists temp\.main\."clv_columns_/);
    const file = await writeRowsFile('by_csv', batch);
    try {
      await conn.execute(d.createTableFromCsv(rel('by_csv'), file.path, file.columnTypes));
    } finally {
      await file.remove();
    }
    const describe = (name: string) => rows(`select column_name, data_type from information_schema.columns where table_name = '${name}' order by ordinal_position`);
    expect(await describe('by_appender')).toEqual(await describe('by_csv'));
    const appended = await rows('select * from shop.main.by_appender order by id');
    expect(appended).toEqual(await rows('select * from shop.main.by_csv order by id'));
    // The values themselves, NULL where the CSV had an empty field (empty string, NaN, infinity).
    expect(appended.map((r) => [r.score, r.label, r.ratio, r.mixed])).toEqual([
      [0.1, 'x', 1.5, '1'],
      [1 / 3, null, null, 'two'],
      [-2.5e-300, null, null, 'true'],
      [null, 'say "hi", then, go', 2, null],
    ]);
    // No scratch table left behind in the session.
    expect(await rows("select count(*)::int as n from duckdb_tables() where temporary and table_name like 'clv_columns_%'")).toEqual([{ n: 0 }]);
  });

  it('leaves nothing behind when a value does not cast to its column type', async () => {
    const bad: ColumnBatch = { names: ['day'], types: ['date'], values: [['not a date']], length: 1 };
    await expect(conn.createTableFromColumns!(rel('bad'), bad)).rejects.toBeInstanceOf(DatabaseError);
    expect(await rows("select count(*)::int as n from duckdb_tables() where table_name in ('bad') or table_name like 'clv_columns_%'")).toEqual([{ n: 0 }]);
  });

  it('reads columns as execute() reads rows, numbers without NULLs as Float64Array', async () => {
    await conn.execute(`create table shop.main.t as select * from (values
      (1, 2.5::double, 10::bigint, 'a', date '2026-06-30', 1.25::decimal(18,2), 5::hugeint, null::double, 9007199254740993::bigint),
      (2, 0.1::double, 20::bigint, null, date '2026-07-01', 2.50::decimal(18,2), 6::hugeint, 1.0::double, 1::bigint)
    ) v(i, d, b, s, day, m, h, n, huge)`);
    const sql = 'select * from shop.main.t order by i';
    const columnar = await conn.executeColumns!(sql);
    const byRows = await conn.execute(sql);
    expect(columnar.length).toBe(2);
    expect(columnar.columns).toEqual(byRows.columns);
    const kinds = columnar.values.map((v) => (v instanceof Float64Array ? 'numbers' : 'values'));
    expect(Object.fromEntries(columnar.columns.map((c, j) => [c.name, kinds[j]]))).toEqual({
      i: 'numbers', d: 'numbers', b: 'numbers', s: 'values', day: 'values', m: 'numbers', h: 'numbers', n: 'values', huge: 'values',
    });
    columnar.columns.forEach((column, j) => {
      expect(Array.from(columnar.values[j]!), column.name).toEqual(byRows.rows.map((row) => row[column.name]));
    });
    expect(columnar.values[8]).toEqual(['9007199254740993', 1]); // beyond 2^53: the text execute() gives
  });
});
