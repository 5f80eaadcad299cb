import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clv, copyFixture, ensureBuilt, queryFile } from './cli.js';

beforeAll(() => ensureBuilt());

const readJson = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

describe('clv build on the shop fixture', () => {
  it('builds seeds, views, tables and tests, writes dbt-shaped artifacts and exits 0', async () => {
    const dir = copyFixture('shop');
    const run = clv(['build'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\d of 9 START seed file main\.raw_orders \.+ \[RUN\]/);
    expect(run.stdout).toMatch(/OK created sql view model main\.stg_orders \.+ \[OK in \d+\.\d\ds\]/);
    expect(run.stdout).toMatch(/PASS unique_stg_orders_order_id/);
    expect(run.stdout).toContain('Done. PASS=9 WARN=0 ERROR=0 SKIP=0 TOTAL=9');

    expect(await queryFile(join(dir, 'shop.duckdb'), 'select customer_id::int as customer_id, order_count::int as order_count, total_amount::double as total from main.customer_orders order by 1')).toEqual([
      { customer_id: 10, order_count: 2, total: 32.25 },
      { customer_id: 11, order_count: 1, total: 35.5 },
    ]);

    const results = readJson(dir, 'target/run_results.json');
    expect(Object.keys(results)).toEqual(['metadata', 'results', 'elapsed_time', 'args']);
    expect(results.args.which).toBe('build');
    const seed = results.results.find((r: { unique_id: string }) => r.unique_id === 'seed.shop.raw_orders');
    expect(seed).toMatchObject({ status: 'success', adapter_response: { rows_affected: 3 }, failures: null, thread_id: expect.stringMatching(/^Thread-\d$/) });
    expect(seed.timing[0]).toMatchObject({ name: 'execute', started_at: expect.any(String), completed_at: expect.any(String) });
    const unique = results.results.find((r: { unique_id: string }) => r.unique_id.startsWith('test.shop.unique_stg_orders_order_id'));
    expect(unique).toMatchObject({ status: 'pass', failures: 0 });
    expect(seed.compiled_path).toBeNull();
    for (const r of results.results) if (r.compiled_path) expect(existsSync(join(dir, r.compiled_path))).toBe(true);
    expect(readFileSync(join(dir, 'target/run/shop/models/staging/stg_orders.sql'), 'utf8')).toMatch(/^create or replace view "shop"\."main"\."stg_orders"/);
    expect(Object.keys(readJson(dir, 'target/manifest.json').nodes)).toContain('model.shop.customer_orders');
  });

  it('keeps the previous table queryable when a rebuild fails, exits 1 and names file and compiled path', async () => {
    const dir = copyFixture('shop');
    expect(clv(['build'], dir).code).toBe(0);
    const run = clv(['run', '--vars', '{fail_orders: true}'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/ERROR creating sql table model main\.customer_orders/);
    expect(run.stdout).toContain('Error in model customer_orders (models/marts/customer_orders.sql)');
    expect(run.stdout).toContain("Could not convert string 'not a number'");
    expect(run.stdout).toContain('compiled code at target/compiled/shop/models/marts/customer_orders.sql');
    expect(await queryFile(join(dir, 'shop.duckdb'), 'select count(*)::int as n from main.customer_orders')).toEqual([{ n: 2 }]);
    const failed = readJson(dir, 'target/run_results.json').results.find((r: { unique_id: string }) => r.unique_id === 'model.shop.customer_orders');
    expect(failed).toMatchObject({ status: 'error', compiled_path: 'target/compiled/shop/models/marts/customer_orders.sql' });
  });

  it('folds a second batch into incremental models by merge, delete+insert and append', async () => {
    const dir = copyFixture('shop');
    expect(clv(['run', '-s', 'events_merge', 'events_delete_insert', 'events_append'], dir).code).toBe(0);
    const second = clv(['run', '-s', 'tag:nothing', 'events_merge', 'events_delete_insert', 'events_append', '--vars', '{batch: 2}'], dir);
    expect(second.code).toBe(0);
    const db = join(dir, 'shop.duckdb');
    const rows = (t: string) => queryFile(db, `select event_id::int as id, status from main.${t} order by all`);
    const upserted = [{ id: 1, status: 'created' }, { id: 2, status: 'refunded' }, { id: 3, status: 'created' }];
    expect(await rows('events_merge')).toEqual(upserted);
    expect(await rows('events_delete_insert')).toEqual(upserted);
    expect(await rows('events_append')).toEqual([{ id: 1, status: 'created' }, { id: 2, status: 'paid' }, { id: 3, status: 'created' }]);
    expect(readFileSync(join(dir, 'target/run/shop/models/marts/events_merge.sql'), 'utf8')).toContain('merge into "shop"."main"."events_merge"');
  });

  it('runs only the selected nodes with --select and lists them with ls', () => {
    const dir = copyFixture('shop');
    expect(clv(['seed'], dir).code).toBe(0);
    const run = clv(['run', '--select', 'stg_orders'], dir);
    expect(run.code).toBe(0);
    expect(readJson(dir, 'target/run_results.json').results.map((r: { unique_id: string }) => r.unique_id)).toEqual(['model.shop.stg_orders']);
    const ls = clv(['ls', '-s', 'stg_orders+', '--resource-type', 'model', '--output', 'name'], dir);
    expect(ls.code).toBe(0);
    expect(ls.stdout.trim().split('\n').sort()).toEqual(['customer_orders', 'stg_orders']);
    const json = clv(['ls', '-s', 'raw_orders', '--output', 'json'], dir);
    expect(JSON.parse(json.stdout.trim())).toMatchObject({ unique_id: 'seed.shop.raw_orders', resource_type: 'seed' });
  });

  it('prints one JSON object per line with --log-format json', () => {
    const dir = copyFixture('shop');
    const run = clv(['seed', '--log-format', 'json'], dir);
    expect(run.code).toBe(0);
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events.some((e) => e.data?.event === 'node_finish' && e.data.unique_id === 'seed.shop.raw_orders' && e.data.status === 'success')).toBe(true);
    expect(events.every((e) => typeof e.ts === 'string' && typeof e.msg === 'string')).toBe(true);
  });

  it('checks the connection with debug and removes the target folder with clean', () => {
    const dir = copyFixture('shop');
    const debug = clv(['debug'], dir);
    expect(debug.code).toBe(0);
    expect(debug.stdout).toContain('Connection test: [OK connection ok]');
    expect(clv(['compile'], dir).code).toBe(0);
    expect(existsSync(join(dir, 'target/compiled/shop/models/staging/stg_orders.sql'))).toBe(true);
    expect(clv(['clean'], dir).code).toBe(0);
    expect(existsSync(join(dir, 'target'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes artifacts to --target-path, else $DBT_TARGET_PATH, and retry reads the run from there', () => {
    const dir = copyFixture('shop');
    expect(clv(['build', '--target-path', 'ci-artifacts'], dir).code).toBe(0);
    expect(existsSync(join(dir, 'ci-artifacts/run_results.json'))).toBe(true);
    expect(existsSync(join(dir, 'ci-artifacts/compiled/shop/models/staging/stg_orders.sql'))).toBe(true);
    const retry = clv(['retry', '--target-path', 'ci-artifacts'], dir);
    expect(retry.code).toBe(0);
    expect(clv(['compile'], dir, { DBT_TARGET_PATH: 'from-env' }).code).toBe(0);
    expect(existsSync(join(dir, 'from-env/manifest.json'))).toBe(true);
    // the flag wins over the environment
    expect(clv(['compile', '--target-path', 'flag-wins'], dir, { DBT_TARGET_PATH: 'from-env-2' }).code).toBe(0);
    expect([existsSync(join(dir, 'flag-wins/manifest.json')), existsSync(join(dir, 'from-env-2'))]).toEqual([true, false]);
    expect(existsSync(join(dir, 'target'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a dbt project runs unchanged', () => {
  it('builds the dbt-style fixture (dbt_project.yml + profiles.yml) twice with its incremental model', async () => {
    const dir = copyFixture('dbt_project_duckdb/');
    const first = clv(['build'], dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Done\. PASS=(\d+) WARN=0 ERROR=0 SKIP=0 TOTAL=\1/);
    const second = clv(['build'], dir);
    expect(second.code).toBe(0);
    const statements = readFileSync(join(dir, 'target/run/dbt_fixture/models/marts/order_events.sql'), 'utf8');
    expect(statements).toContain('delete from');
    expect(statements).not.toContain('rename to');
    const counts = await queryFile(join(dir, 'dbt_fixture.duckdb'), 'select (select count(*) from main.orders)::int as orders, (select count(*) from main.order_events)::int as events');
    expect(counts[0]!.orders).toBeGreaterThan(0);
    expect(counts[0]!.events).toBe(counts[0]!.orders);
  });
});

describe('clv errors that teach (exit 2)', () => {
  it('suggests the closest name for a missing ref', () => {
    const run = clv(['run'], copyFixture('broken_ref'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("models/customers.sql:1:21: ref('stg_order') does not match any model or seed");
    expect(run.stderr).toContain("Did you mean 'stg_orders'?");
  });

  it('prints the path of a dependency cycle', () => {
    const run = clv(['build'], copyFixture('cycle'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/dependency cycle: (a|b|c) → (a|b|c) → (a|b|c) → \1/);
  });

  it('names file and line of a YAML syntax error', () => {
    const run = clv(['compile'], copyFixture('bad_yaml'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/models\/schema\.yml:\d+(:\d+)?: YAML syntax error/);
  });

  it('rejects unknown flags and bad --vars as usage errors', () => {
    const dir = copyFixture('shop');
    const flag = clv(['run', '--no-such-flag'], dir);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/Unknown argument/i);
    const vars = clv(['run', '--vars', '[1, 2]'], dir);
    expect(vars.code).toBe(2);
    expect(vars.stderr).toContain('--vars must be a mapping');
  });
});
