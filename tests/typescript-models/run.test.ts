// Running TypeScript models: rows materialized atomically, a throwing model is an error node whose
// downstream is skipped, ctx.log.warn surfaces as WARN, incremental appends, tests run on the table.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type InvocationResult } from '../../runner/api.js';
import { finishBlock, finishLine } from '../../runner/log/format.js';
import { fixture } from '../compile/helpers.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'clv-tsm-'));
const db = path.join(dir, 'tsm.duckdb');
const projectDir = fixture('typescript-models');
let first: InvocationResult;

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const statusOf = (result: InvocationResult, name: string) => result.results.results.find((r) => r.unique_id.endsWith(`.${name}`) && r.unique_id.startsWith('model.'));
const runBuild = (vars: Record<string, unknown> = {}) => {
  process.env.TSM_DB = db;
  return build({ projectDir, vars, threads: 2 });
};

beforeAll(async () => {
  first = await runBuild();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TypeScript models at run time', () => {
  it('materializes the returned rows as a table with declared and inferred types', async () => {
    expect(statusOf(first, 'scores')!.status).toBe('warn');
    expect(await query('select customer_id, score, is_repeat from main.scores order by customer_id')).toEqual([
      { customer_id: 'c1', score: 25.25, is_repeat: true },
      { customer_id: 'c2', score: 0, is_repeat: false },
      { customer_id: 'c3', score: 24, is_repeat: true },
    ]);
    const types = await query("select column_name, data_type from information_schema.columns where table_name = 'scores' order by ordinal_position");
    expect(types.map((t) => t.data_type)).toEqual(['VARCHAR', 'DOUBLE', 'BOOLEAN']);
    expect(statusOf(first, 'downstream')!.status).toBe('success');
    expect(await query('select count(*)::int as n from main.downstream')).toEqual([{ n: 2 }]);
  });

  it('reads and returns column-wise: numbers as Float64Array, a { columns } result typed like rows', async () => {
    const columnar = statusOf(first, 'columnar')!;
    expect(columnar.status).toBe('success');
    expect(columnar.message).toMatch(/read 3 rows column-wise \(customer_id:values orders:numbers revenue:numbers nothing:values\)/);
    // Declared columns in key order, the inferred one after; NaN lands as NULL; note is declared only: NULL.
    expect(await query('select * from main.columnar order by customer_id')).toEqual([
      { customer_id: 'c1', orders: 2, revenue_per_order: 25.25, is_repeat: true, note: null },
      { customer_id: 'c2', orders: 0, revenue_per_order: null, is_repeat: false, note: null },
      { customer_id: 'c3', orders: 5, revenue_per_order: 24, is_repeat: true, note: null },
    ]);
    const types = await query("select data_type from information_schema.columns where table_name = 'columnar' order by ordinal_position");
    expect(types.map((t) => t.data_type)).toEqual(['VARCHAR', 'INTEGER', 'DOUBLE', 'BOOLEAN', 'VARCHAR']);
  });

  it('surfaces ctx.log.warn as a WARN line, in the closing block and in run results', () => {
    const result = statusOf(first, 'scores')!;
    expect(result.message).toMatch(/WARN 1 customer\(s\) without orders scored 0/);
    const node = first.manifest.nodes['model.tsm.scores']!;
    expect(finishLine(1, 1, node, result).text).toMatch(/WARN/);
    const block = finishBlock(first.results, first.manifest.nodes).map((l) => l.text).join('\n');
    expect(block).toMatch(/Warning in model scores \(models\/scores\.ts\)/);
    expect(block).toMatch(/without orders scored 0/);
  });

  it('turns a throwing model into an error node and skips only its downstream', () => {
    const broken = statusOf(first, 'broken')!;
    expect(broken.status).toBe('error');
    expect(broken.message).toMatch(/boom from a TypeScript model/);
    expect(statusOf(first, 'after_broken')!.status).toBe('skipped');
    expect(first.results.results.filter((r) => r.unique_id.startsWith('test.')).every((r) => r.status === 'pass')).toBe(true);
  });

  it('appends on incremental runs, keeps the old table when a rebuild throws, and full-refreshes', async () => {
    expect(await query('select run_tag, customers::int as customers, was_incremental from main.history')).toEqual([
      { run_tag: 'first', customers: 3, was_incremental: false },
    ]);
    const second = await runBuild({ run_tag: 'second', fail_scores: true });
    expect(statusOf(second, 'history')!.status).toBe('success');
    expect(await query('select run_tag, was_incremental from main.history order by run_tag')).toEqual([
      { run_tag: 'first', was_incremental: false },
      { run_tag: 'second', was_incremental: true },
    ]);
    // scores threw this time: yesterday's table is still there, downstream skipped.
    expect(statusOf(second, 'scores')!.status).toBe('error');
    expect(statusOf(second, 'downstream')!.status).toBe('skipped');
    expect(await query('select count(*)::int as n from main.scores')).toEqual([{ n: 3 }]);
    await build({ projectDir, vars: { run_tag: 'third' }, select: ['history'], fullRefresh: true });
    expect(await query('select run_tag from main.history')).toEqual([{ run_tag: 'third' }]);
  }, 120_000);
});
