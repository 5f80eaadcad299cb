// `clv build` on a dbt project written in the shapes public dbt-on-DuckDB projects use
// (tests/fixtures/dbt_real_shapes/project): it must build unchanged and the cross-database macros must
// compute what dbt's do.
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clv, copyFixture, ensureBuilt, queryFile } from './cli.js';

beforeAll(() => ensureBuilt());

describe('a dbt project in the shapes real projects use', () => {
  it('builds with an unset env var in an unused profile output and computes the cross-database macros', async () => {
    const dir = copyFixture('dbt_real_shapes/project');
    delete process.env.REAL_SHAPES_CLOUD_TOKEN;
    // The database the profile attaches (read only) as legacy_db.
    await queryFile(join(dir, 'legacy.duckdb'), 'create table old_totals as select 1 as shopper_id, 99.5 as total');
    const run = clv(['build'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Done\. PASS=(\d+) WARN=0 ERROR=0 SKIP=0 TOTAL=\1/);
    // Its given rows omit spend, which shopper_gaps reads: filled as a null of the built relation's type.
    expect(run.stdout).toMatch(/PASS gaps_from_two_visits/);
    // A unit test of a model reading external sources: the given rows stand in for the files.
    expect(run.stdout).toMatch(/PASS stores_count_their_shifts/);
    // Warnings (stderr), not errors.
    expect(run.stderr).toContain("unknown key 'data-tests'");
    expect(run.stderr).not.toMatch(/error/i);
    const gaps = await queryFile(
      join(dir, 'real_shapes.duckdb'),
      `select shopper_id::int as shopper_id, days_between::int as days, months_crossed::int as months, follow_up_on::varchar as follow_up,
              month_end::varchar as month_end, channels, spend::double as spend
       from main.shopper_gaps order by shopper_id`,
    );
    expect(gaps).toEqual([
      { shopper_id: 1, days: 3, months: 1, follow_up: '2024-03-03', month_end: '2024-02-29', channels: 'web, store', spend: 20.5 },
      { shopper_id: 2, days: 0, months: 0, follow_up: '2024-03-30', month_end: '2024-02-29', channels: 'web', spend: 0 },
      { shopper_id: 3, days: 0, months: 0, follow_up: '2024-04-14', month_end: '2024-03-31', channels: 'app', spend: 43 },
    ]);
    const days = await queryFile(join(dir, 'real_shapes.duckdb'), 'select count(*)::int as n, min(date_day)::date::varchar as first, max(date_day)::date::varchar as last from main.visit_days');
    expect(days).toEqual([{ n: 29, first: '2024-02-01', last: '2024-02-29' }]);
    const staging = await queryFile(join(dir, 'real_shapes.duckdb'), "select channel_as_number, visit_key, visit_hash = md5('1') as hashed from staging.stg_visits where visit_id = 1");
    expect(staging).toEqual([{ channel_as_number: null, visit_key: 'v-1', hashed: true }]);
    // on-run-end ran after the nodes (on-run-start made its table).
    expect(await queryFile(join(dir, 'real_shapes.duckdb'), 'select phase, schemas from run_log.runs')).toEqual([{ phase: 'end', schemas: 'main,raw,snapshots,staging' }]);
    // the snapshot (check strategy on every column) recorded the visits
    expect(await queryFile(join(dir, 'real_shapes.duckdb'), 'select count(*)::int as n, count(dbt_valid_to)::int as closed from snapshots.visits_snapshot')).toEqual([{ n: 4, closed: 0 }]);
    // The post-hook ran after the model was built (its pre-hook made the schema).
    expect(await queryFile(join(dir, 'real_shapes.duckdb'), 'select count(*)::int as n from audit.exported_copy')).toEqual([{ n: 3 }]);
    expect(await queryFile(join(dir, 'real_shapes.duckdb'), 'select shopper_id::int as shopper_id, total::double as total from main.legacy_totals')).toEqual([{ shopper_id: 1, total: 99.5 }]);
    // External sources: the CSVs under data/ read in place.
    const stores = await queryFile(join(dir, 'real_shapes.duckdb'), 'select store_id::int as store_id, city, opened_on::varchar as opened_on, shifts::int as shifts from main.stg_stores order by store_id');
    expect(stores).toEqual([
      { store_id: 1, city: 'Lyon', opened_on: '2023-05-01 00:00:00', shifts: 2 },
      { store_id: 2, city: 'Oslo', opened_on: '2024-02-10 00:00:00', shifts: 1 },
    ]);
    // Source freshness reads an external source's file as its relation.
    const freshness = clv(['source', 'freshness'], dir);
    expect(`${freshness.stdout}${freshness.stderr}`).toMatch(/WARN freshness of files\.raw_stores: last loaded \d/);
    expect(`${freshness.stdout}${freshness.stderr}`).not.toMatch(/ERROR|error/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds profiles.yml through --profiles-dir from another folder, picks $DBT_TARGET, and answers `parse`', async () => {
    const dir = copyFixture('dbt_real_shapes/project');
    const profiles = mkdtempSync(join(tmpdir(), 'clv-profiles-'));
    renameSync(join(dir, 'profiles.yml'), join(profiles, 'profiles.yml'));
    const elsewhere = tmpdir();
    const missing = clv(['parse', '--project-dir', dir], elsewhere, { HOME: profiles });
    expect(missing.stderr).toContain('no profiles.yml found');
    const parsed = clv(['parse', '--project-dir', dir, '--profiles-dir', profiles], elsewhere);
    expect(parsed.code).toBe(0);
    expect(parsed.stderr).not.toContain('no profiles.yml found');
    expect(existsSync(join(dir, 'target/manifest.json'))).toBe(true);
    // dbt ls's --output-keys, both spellings.
    const listed = clv(['ls', '--project-dir', dir, '--profiles-dir', profiles, '-s', 'stg_visits', '--resource-type', 'model', '--output', 'json', '--output-keys', 'name', 'resource_type'], elsewhere);
    expect(listed.stdout.trim()).toBe('{"name":"stg_visits","resource_type":"model"}');
    const commas = clv(['ls', '--project-dir', dir, '--profiles-dir', profiles, '-s', 'stg_visits', '--resource-type', 'model', '-o', 'json', '--output-keys', 'unique_id,name'], elsewhere);
    expect(commas.stdout.trim()).toBe('{"unique_id":"model.real_shapes.stg_visits","name":"stg_visits"}');
    // dbt's spellings: -m for --select, --exclude-resource-type, and flags about dbt's own machinery.
    expect(clv(['ls', '--project-dir', dir, '--profiles-dir', profiles, '-m', 'stg_visits', '--resource-type', 'model'], elsewhere).stdout.trim()).toBe('real_shapes.staging.stg_visits');
    await queryFile(join(dir, 'legacy.duckdb'), 'create table old_totals as select 1 as shopper_id, 99.5 as total');
    const noTests = clv(['build', '--project-dir', dir, '--profiles-dir', profiles, '--exclude-resource-type', 'test', '--no-partial-parse', '--no-version-check', '--no-use-colors'], elsewhere);
    expect(noTests.code).toBe(0);
    expect(noTests.stdout).toMatch(/OK loaded seed file raw\.raw_visits/);
    expect(noTests.stdout).not.toMatch(/ test /);
    // --store-failures keeps each data test's failing rows in a table, as store_failures: true does.
    expect(clv(['test', '--project-dir', dir, '--profiles-dir', profiles, '--store-failures', '-s', 'stg_visits', '--exclude', 'test_type:unit'], elsewhere).code).toBe(0);
    const stored = await queryFile(join(dir, 'real_shapes.duckdb'), "select table_name from information_schema.tables where table_schema like '%dbt_test__audit' order by 1");
    expect(stored.map((row) => row.table_name)).toEqual(['not_null_stg_visits_visit_id', 'unique_stg_visits_visit_id']);
    // $DBT_TARGET chooses the output; this one needs a token nobody set.
    const cloud = clv(['parse', '--project-dir', dir, '--profiles-dir', profiles], elsewhere, { DBT_TARGET: 'cloud' });
    expect(cloud.code).toBe(2);
    expect(cloud.stderr).toContain("environment variable 'REAL_SHAPES_CLOUD_TOKEN' is not set");
    rmSync(dir, { recursive: true, force: true });
    rmSync(profiles, { recursive: true, force: true });
  });
});
