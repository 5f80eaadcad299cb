// `clv export`: one shared build of a small fixture project, then every export is read back with DuckDB
// itself and must hold the same rows as the relation (row count and an order-independent checksum over
// typed columns, so a lost row, a mangled quote or a rounded amount all fail).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAdapter } from '../../runner/adapters/index.js';
import { build } from '../../runner/api.js';
import { UsageError } from '../../runner/errors.js';
import { exportModel, exportSql } from '../../runner/export.js';

const FIXTURE = path.join(import.meta.dirname, 'fixture');
const dir = mkdtempSync(path.join(os.tmpdir(), 'clv-export-'));
const project = path.join(dir, 'project');
const db = path.join(project, 'export.duckdb');

async function query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as T[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** `count:checksum` of a relation or file scan; `hash(t)` hashes the whole typed row. */
const digestSql = (from: string) => `select count(*) || ':' || coalesce(sum(hash(t)), 0) as digest from ${from} as t`;

/** The relation's columns as a DuckDB `columns = {...}` struct, so a CSV is read back with the table's types. */
async function csvColumns(relation: string): Promise<string> {
  const rows = await query<{ column_name: string; column_type: string }>(`describe ${relation}`);
  return `{${rows.map((r) => `'${r.column_name}': '${r.column_type}'`).join(', ')}}`;
}

beforeAll(async () => {
  cpSync(FIXTURE, project, { recursive: true });
  const result = await build({ projectDir: project });
  if (!result.success) throw new Error(`fixture build failed: ${JSON.stringify(result.results.results.map((r) => [r.unique_id, r.status, r.message]))}`);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('clv export', () => {
  it.each([
    ['customer_totals', 'main.customer_totals'],
    ['rpt_customer_totals', 'main_reporting.rpt_customer_totals'],
    ['orders', 'main.orders'],
  ])('writes %s to CSV and Parquet with the same rows as the relation', async (model, relation) => {
    const [expected] = await query<{ digest: string }>(digestSql(relation));
    expect(expected!.digest).toMatch(/^[1-9]\d*:/);

    const parquet = path.join(dir, 'out', `${model}.parquet`);
    const csv = path.join(dir, 'out', 'nested', `${model}.csv`);
    const writtenParquet = await exportModel({ projectDir: project, model, format: 'parquet', out: parquet });
    const writtenCsv = await exportModel({ projectDir: project, model, format: 'csv', out: csv });
    expect(writtenParquet.path).toBe(parquet);
    expect(writtenCsv.path).toBe(csv);
    const rows = Number(expected!.digest.split(':')[0]);
    expect(writtenParquet.rows).toBe(rows);
    expect(writtenCsv.rows).toBe(rows);

    const [fromParquet] = await query<{ digest: string }>(digestSql(`read_parquet('${parquet}')`));
    const [fromCsv] = await query<{ digest: string }>(
      digestSql(`read_csv('${csv}', header = true, columns = ${await csvColumns(relation)})`));
    expect(fromParquet!.digest).toBe(expected!.digest);
    expect(fromCsv!.digest).toBe(expected!.digest);
  });

  it('keeps column names and types in Parquet', async () => {
    const out = path.join(dir, 'out', 'typed.parquet');
    await exportModel({ projectDir: project, model: 'customer_totals', format: 'parquet', out });
    const [table, file] = await Promise.all([
      query(`select column_name, column_type from (describe main.customer_totals)`),
      query(`select column_name, column_type from (describe select * from read_parquet('${out}'))`),
    ]);
    expect(file).toEqual(table);
  });

  it('names the closest model when the name is wrong', async () => {
    const attempt = exportModel({ projectDir: project, model: 'customer_total', format: 'csv', out: path.join(dir, 'x.csv') });
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toThrow(/customer_total/);
    await expect(attempt).rejects.toMatchObject({ hint: expect.stringContaining('customer_totals') });
  });

  it('spells the DuckDB COPY statement per format', () => {
    const dialect = getAdapter('duckdb').dialect;
    const relation = { database: 'shop', schema: 'main', identifier: 'customers' };
    expect(exportSql(dialect, relation, 'csv', "/tmp/it's.csv")).toBe(
      `copy (select * from "shop"."main"."customers") to '/tmp/it''s.csv' (format csv, header true)`);
    expect(exportSql(dialect, relation, 'parquet', '/tmp/c.parquet')).toBe(
      `copy (select * from "shop"."main"."customers") to '/tmp/c.parquet' (format parquet, compression zstd)`);
  });
});
