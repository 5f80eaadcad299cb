// clv init scaffolds a project that `clv build` builds immediately, and never overwrites a project.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../runner/cli/index.js';
import { clv, query, readJson } from '../framework/helpers.js';

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: unknown) => (chunks.push(String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: unknown) => (chunks.push(String(c)), true)) as typeof process.stderr.write;
  try {
    return { code: await runCli(args), out: chunks.join('') };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
}

describe('clv init', () => {
  it('scaffolds a project that builds and tests green right away', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'clv-init-')), 'My-Shop');
    const init = await cli(['init', dir]);
    expect(init.code).toBe(0);
    expect(init.out).toContain("Project 'my_shop' created");

    const build = await clv(dir, ['build']);
    expect(build.code).toBe(0);
    const results = readJson(dir, 'target/run_results.json').results as { unique_id: string; status: string }[];
    expect(results.map((r) => r.unique_id)).toEqual(expect.arrayContaining(['seed.my_shop.example', 'model.my_shop.stg_example__orders', 'model.my_shop.customer_orders']));
    expect(results.filter((r) => r.unique_id.startsWith('test.')).length).toBeGreaterThanOrEqual(5);
    expect(results.every((r) => r.status === 'success' || r.status === 'pass')).toBe(true);

    const db = join(dir, 'my_shop.duckdb');
    expect(await query(db, 'select customer_id, order_count::int as n, total_amount::double as total from customer_orders order by 1')).toEqual([
      { customer_id: 100, n: 2, total: 32.5 },
      { customer_id: 101, n: 1, total: 45 },
      { customer_id: 102, n: 1, total: 7.25 },
    ]);
    expect(await query(db, "select table_name, table_type from information_schema.tables where table_name in ('stg_example__orders', 'customer_orders') order by 1")).toEqual([
      { table_name: 'customer_orders', table_type: 'BASE TABLE' },
      { table_name: 'stg_example__orders', table_type: 'VIEW' },
    ]);
  });

  it('refuses to scaffold over an existing project', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clv-init-'));
    expect((await cli(['init', dir, '--name', 'first'])).code).toBe(0);
    const again = await cli(['init', dir]);
    expect(again.code).toBe(2);
    expect(again.out).toContain('is a project already');
  });
});
