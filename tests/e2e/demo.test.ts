// `clv demo` is the README's main command: simulator → ingest → build with tests → summary, on DuckDB.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { clv, ensureBuilt, queryFile, repoRoot } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clv-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('runs the whole pipeline on the default simulated store (bulk backfill) and passes every test, from any folder', async () => {
  ensureBuilt();
  // Run from an empty folder: the bundled project is built, and everything is written under that folder.
  const run = clv(['demo'], dir);
  const database = join(dir, 'target', 'demo.duckdb');
  expect(run.stderr).not.toMatch(/Error/);
  expect(run.stdout).toMatch(/building the bundled Shopify CLV project/);
  expect(existsSync(join(dir, 'target', 'run_results.json'))).toBe(true);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/Shopify Plus plan/);
  expect(run.stdout).toMatch(/orders +bulk/);
  expect(run.stdout).toMatch(/0 throttled/);
  expect(run.stdout).toMatch(/Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0/);
  const [row] = await queryFile(database, `select (select count(*) from raw_shopify.customers) as raw_customers,
    (select count(*) from main.customer_clv) as clv_rows, (select count(*) from main.customers) as customers`);
  expect(Number(row!.raw_customers)).toBeGreaterThan(1900);
  expect(Number(row!.customers)).toBeGreaterThan(0);
  expect(Number(row!.clv_rows)).toBe(Number(row!.customers));
}, 300_000);

it('a --project-dir without a project fails before any ingest', () => {
  const run = clv(['demo', '--project-dir', dir], repoRoot);
  expect(run.code).toBe(2);
  expect(run.stderr + run.stdout).toMatch(/no project\.yml or dbt_project\.yml in /);
  expect(run.stdout).not.toMatch(/Starting the Shopify simulator/);
});
