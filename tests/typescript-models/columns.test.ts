// A model's result → the ColumnBatch the engine writes (rows and `{ columns }` alike), and execute()'s rows
// → columns for engines that cannot answer column-wise (the same shape the DuckDB reader gives).
import { describe, expect, it } from 'vitest';
import { toBatch, toModelColumns, transpose } from '../../runner/run/typescript/columns.js';

describe('TypeScript model results as a column batch', () => {
  it('gives rows and columns of the same values the same batch', () => {
    const declared = { id: 'varchar', note: 'varchar' };
    const fromRows = toBatch([{ id: 'a', n: 1 }, { id: 'b', n: 2.5, flag: true }], declared, 'models/m.ts');
    expect(fromRows).toEqual({
      names: ['id', 'n', 'flag', 'note'],
      types: ['varchar', 'double', 'boolean', 'varchar'],
      values: [['a', 'b'], [1, 2.5], [undefined, true], [undefined, undefined]],
      length: 2,
    });
    const fromColumns = toBatch({ columns: { id: ['a', 'b'], n: Float64Array.from([1, 2.5]), flag: [null, true] } }, declared, 'models/m.ts');
    expect(fromColumns.names).toEqual(fromRows.names);
    expect(fromColumns.types).toEqual(fromRows.types);
    expect(fromColumns.values[3]).toEqual([null, null]);
    expect(fromColumns.length).toBe(2);
  });

  it('infers whole numbers as bigint and keeps declared types', () => {
    expect(toBatch({ columns: { k: Float64Array.from([1, 2]), v: [1, 2] } }, { v: 'integer' }, 'm.ts').types).toEqual(['bigint', 'integer']);
    expect(toBatch([], { a: 'date' }, 'm.ts')).toEqual({ names: ['a'], types: ['date'], values: [[]], length: 0 });
  });

  it('refuses uneven columns and anything that is neither rows nor columns, naming the file', () => {
    expect(() => toBatch({ columns: { a: [1, 2], b: [1] } }, {}, 'models/m.ts')).toThrow(/models\/m\.ts: run\(ctx\) returned columns of different lengths \('a' has 2 values, 'b' 1\)/);
    expect(() => toBatch([[1, 2]], {}, 'models/m.ts')).toThrow(/models\/m\.ts: run\(ctx\) must return an array of plain row objects or \{ columns/);
    expect(() => toBatch({ columns: { a: 'text' } }, {}, 'models/m.ts')).toThrow(/must return/);
    expect(() => toBatch(undefined, {}, 'models/m.ts')).toThrow(/must return/);
  });
});

describe('rows transposed for connections without executeColumns', () => {
  it('makes all-number columns Float64Array and lower-cases upper-cased names as rows are', () => {
    const result = transpose({
      columns: [{ name: 'ID', dataType: 'TEXT' }, { name: 'N', dataType: 'NUMBER' }, { name: 'M', dataType: 'NUMBER' }],
      rows: [{ ID: 'a', N: 1, M: null }, { ID: 'b', N: 2, M: 3 }],
    });
    const columns = toModelColumns(result);
    expect(columns.names).toEqual(['id', 'n', 'm']);
    expect(columns.columns.n).toEqual(Float64Array.from([1, 2]));
    expect(columns.columns.id).toEqual(['a', 'b']);
    expect(columns.columns.m).toEqual([null, 3]);
    expect(columns.length).toBe(2);
  });
});
