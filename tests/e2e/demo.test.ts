// `clv demo` is the README's main command: simulator → ingest → build with tests → summary, on DuckDB.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { clv, ensureBuilt, queryFile, repoRoot } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'clv-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('runs the whole pipeline on the default simulated store (bulk backfill) and passes every test', async () => {
  ensureBuilt();
  const database = join(dir, 'demo.duckdb');
  const run = clv(['demo', '--database', database, '--target-path', join(dir, 'target')], repoRoot);
  expect(run.stderr).not.toMatch(/Error/);
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
