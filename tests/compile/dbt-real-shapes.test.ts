// Shapes from public dbt-on-DuckDB projects that once stopped clv (fixtures: tests/fixtures/dbt_real_shapes/).
import { describe, expect, it } from 'vitest';
import { duckdbDialect } from '../../runner/adapters/duckdb/dialect.js';
import { snowflakeDialect } from '../../runner/adapters/snowflake/dialect.js';
import type { ModelNode } from '../../runner/manifest.js';
import { loadProject } from '../../runner/project/load.js';
import { compileFixture, fixture } from './helpers.js';

const model = (manifest: { nodes: Record<string, unknown> }, name: string) => manifest.nodes[`model.real_shapes.${name}`] as ModelNode;

describe('profiles.yml as dbt reads it', () => {
  it('renders only the chosen output: another output may need an env var that is not set', async () => {
    const project = await loadProject(fixture('dbt_real_shapes', 'project'), { env: {} });
    expect(project.target).toMatchObject({ name: 'dev', type: 'duckdb', database: 'real_shapes' });
    expect(project.targetNames).toEqual(['dev', 'cloud']);
    await expect(loadProject(fixture('dbt_real_shapes', 'project'), { target: 'cloud', env: {} })).rejects.toThrow(/environment variable 'REAL_SHAPES_CLOUD_TOKEN' is not set/);
    const cloud = await loadProject(fixture('dbt_real_shapes', 'project'), { target: 'cloud', env: { REAL_SHAPES_CLOUD_TOKEN: 't0k' } });
    expect(cloud.target.path).toBe('md:real_shapes?motherduck_token=t0k');
  });

  it('compiles its snapshot block into a snapshot node in its target_schema', async () => {
    const { manifest, warnings } = await compileFixture(['dbt_real_shapes', 'project'], { dialect: duckdbDialect });
    expect(warnings.some((warning) => warning.includes('snapshot'))).toBe(false);
    const snapshot = manifest.nodes['snapshot.real_shapes.visits_snapshot'] as ModelNode;
    expect(snapshot.config).toMatchObject({ materialized: 'snapshot', strategy: 'check', check_cols: 'all', unique_key: 'visit_id' });
    expect(snapshot.relation).toMatchObject({ schema: 'snapshots', identifier: 'visits_snapshot' });
    expect(snapshot.compiled_code.trim()).toMatch(/^select \* from "real_shapes"\."raw"\."raw_visits"$/);
  });
});

describe('schema YAML keys dbt ignores with a warning', () => {
  it('warns about an unknown key (with the line and the key it resembles) and compiles on without it', async () => {
    const { manifest, warnings } = await compileFixture(['dbt_real_shapes', 'project'], { dialect: duckdbDialect });
    expect(warnings).toContain("models/staging/schema.yml:12: unknown key 'data-tests' in 'models[0].columns[1]' is ignored (Did you mean 'data_tests'?)");
    expect(warnings).toContain("seeds/seeds.yml:7: unknown key '+column_types' in 'seeds[0]' is ignored (a config key goes under 'config:', as 'column_types')");
    const testNames = Object.values(manifest.nodes).filter((node) => node.resource_type === 'test').map((node) => node.name);
    expect(testNames).toContain('unique_stg_visits_visit_id');
    expect(testNames.some((name) => name.startsWith('accepted_values'))).toBe(false);
  });

  it('still fails on an unknown key in a clv project (project.yml), where a typo must not drop a test', async () => {
    await expect(compileFixture(['dbt_real_shapes', 'clv_unknown_key'])).rejects.toThrow(/unknown key 'data-tests'/);
  });
});

describe("dbt's cross-database macros", () => {
  it('compile to DuckDB SQL through dbt.<name>, the bare name and the project namespace', async () => {
    const { manifest } = await compileFixture(['dbt_real_shapes', 'project'], { dialect: duckdbDialect });
    const staging = model(manifest, 'stg_visits').compiled_code!;
    expect(staging).toContain("date_trunc('month', visited_on) as visit_month");
    expect(staging).toContain('cast(spend_cents as numeric(28,6)) / 100 as spend');
    expect(staging).toContain('try_cast(channel as integer) as channel_as_number');
    expect(staging).toContain('cast(channel as varchar) as channel');
    expect(staging).toContain("'v-' || cast(visit_id as varchar) as visit_key");
    expect(staging).toContain('md5(cast(visit_id as varchar)) as visit_hash');
    const gaps = model(manifest, 'shopper_gaps').compiled_code!;
    expect(gaps).toContain("date_diff('day', cast(min(visited_on) as timestamp), cast(max(visited_on) as timestamp)) as days_between");
    expect(gaps).toContain('cast((max(visited_on) + (interval 1 day) * (30)) as date) as follow_up_on');
    expect(gaps).toContain("string_agg(channel, ', ' order by visited_on) as channels");
    expect(gaps).toContain('now() as built_at');
    expect(model(manifest, 'visit_days').compiled_code).toContain("from range(cast(date '2024-02-01' as timestamp), cast(date '2024-03-01' as timestamp), interval 1 day)");
    expect(model(manifest, 'shopper_gaps').depends_on.macros).toEqual(expect.arrayContaining(['macro.dbt.datediff', 'macro.dbt.duckdb__datediff', 'macro.dbt.listagg']));
    expect(manifest.macros['macro.dbt.date_trunc']).toMatchObject({ name: 'date_trunc' });
  });

  it('dispatch to the Snowflake spelling on Snowflake', async () => {
    const { manifest } = await compileFixture(['dbt_real_shapes', 'project'], { dialect: snowflakeDialect });
    const gaps = model(manifest, 'shopper_gaps').compiled_code!;
    expect(gaps).toContain('datediff(day, min(visited_on), max(visited_on)) as days_between');
    expect(gaps).toContain('dateadd(day, 30, max(visited_on))');
    expect(gaps).toContain("listagg(channel, ', ') within group (order by visited_on) as channels");
    expect(gaps).toContain("convert_timezone('UTC', current_timestamp()) as built_at");
    expect(model(manifest, 'stg_visits').compiled_code).toContain('try_cast(cast(channel as varchar) as integer) as channel_as_number');
  });

  it('yield to a project macro of the same dispatch name, as in dbt', async () => {
    const { manifest } = await compileFixture(['dbt_real_shapes', 'cross_db_override'], { dialect: duckdbDialect });
    const code = (manifest.nodes['model.cross_db_override.uses_override'] as ModelNode).compiled_code;
    expect(code).toContain('cast(1 as text) as one');
    // The project's default__dateadd beats the built-in duckdb__dateadd: dbt searches the project first.
    expect(code).toContain('shop_dateadd(ordered_at, 2) as due');
  });
});

describe('generic test names', () => {
  it('shorten a long name exactly as dbt does: 30 characters and the md5 of the full name', async () => {
    const { manifest } = await compileFixture(['dbt_real_shapes', 'project'], { dialect: duckdbDialect });
    // md5('relationships_visit_facts_shopper_id__shopper_id__ref_shopper_gaps_'), as dbt-core names it.
    expect(Object.values(manifest.nodes).map((node) => node.name)).toContain('relationships_visit_facts_4ce12b3f0d3b98f3f4edf3eb8350da77');
  });
});

describe('Jinja as dbt evaluates it', () => {
  it("applies the project's generate_schema_name to seeds and to `this` while the model renders", async () => {
    const { manifest } = await compileFixture(['dbt_real_shapes', 'project'], { dialect: duckdbDialect });
    expect(manifest.nodes['seed.real_shapes.raw_visits']!.relation!.schema).toBe('raw');
    const staging = model(manifest, 'stg_visits');
    expect(staging.relation!.schema).toBe('staging');
    expect(staging.compiled_code).toContain("'staging' as built_in_schema");
    expect(staging.compiled_code).toContain('from "real_shapes"."raw"."raw_visits"');
  });

  it('formats with %, joins lists with + and builds tuples the Python way; run_started_at is a datetime', async () => {
    const { manifest } = await compileFixture(['dbt_real_shapes', 'project'], { dialect: duckdbDialect, generatedAt: '2024-03-05T06:07:08.009Z' });
    const staging = model(manifest, 'stg_visits').compiled_code!;
    expect(staging).toContain("'month_07' as formatted");
    expect(staging).toContain("'a+b' as joined");
    expect(staging).toContain('4 as year_digits');
  });

  it('slices lists and strings, counts negative indexes from the end, and formats with | format', async () => {
    const { manifest } = await compileFixture(['dbt_real_shapes', 'project'], { dialect: duckdbDialect });
    const labels = model(manifest, 'visit_labels').compiled_code!;
    expect(labels).toContain('visit_id as key_column, channel || cast(spend as varchar) as rest_columns');
    expect(labels).toContain("'cast(spend as varchar)' as last_name");
    expect(labels).toContain("'cast(spend as varchar),channel,visit_id' as reversed");
    expect(labels).toContain("'vis-002' as label");
    expect(labels).toContain("'2.2' as one_decimal");
    expect(labels).toContain("'true' as has_version");
  });
});

describe('dbt-duckdb external sources and dbt project rendering', () => {
  it('renders a source with external_location as the reader call or the quoted path, {name} and {identifier} filled in', async () => {
    const { manifest } = await compileFixture(['dbt_real_shapes', 'project'], { dialect: duckdbDialect });
    const stores = model(manifest, 'stg_stores').compiled_code!;
    expect(stores).toContain("from read_csv('data/raw_stores.csv', header = true) as s");
    expect(stores).toContain("left join 'data/raw_shifts.csv' as sh");
    expect(manifest.sources['source.real_shapes.files.shifts']).toMatchObject({ relation_name: "'data/raw_shifts.csv'" });
    expect(model(manifest, 'stg_stores').depends_on.nodes).toEqual(['source.real_shapes.files.raw_stores', 'source.real_shapes.files.shifts']);
  });

  it("renders a var's Jinja where var() reads it, and project config natively with `target` in scope", async () => {
    const { manifest } = await compileFixture(['dbt_real_shapes', 'project'], { dialect: duckdbDialect });
    expect(model(manifest, 'stg_stores').compiled_code).toContain('cast(s.opened_on as timestamp) as opened_on');
    expect(manifest.nodes['model.real_shapes.prod_only']).toBeUndefined();
    const prod = await loadProject(fixture('dbt_real_shapes', 'project'), { env: { REAL_SHAPES_CLOUD_TOKEN: 'x' }, target: 'cloud' });
    expect(prod.config.vars.date_type).toBe('{{ dbt.type_timestamp() }}');
  });
});

describe('pre-hook and post-hook', () => {
  it('accumulate across project and model config and render in the node context', async () => {
    const { manifest } = await compileFixture(['dbt_real_shapes', 'project'], { dialect: duckdbDialect });
    expect(model(manifest, 'exported').compiled_hooks).toEqual({
      pre: ['create schema if not exists audit'],
      post: ['create or replace table audit.exported_copy as select * from "real_shapes"."main"."exported"'],
    });
    expect(model(manifest, 'shopper_gaps').compiled_hooks).toBeUndefined();
  });
});

describe("dbt's modules context", () => {
  it('does datetime arithmetic with timedelta and regex substitution', async () => {
    const { manifest } = await compileFixture(['dbt_real_shapes', 'project'], { dialect: duckdbDialect });
    const window = model(manifest, 'report_window').compiled_code!;
    expect(window).toContain("date '2024-03-01' as window_start");
    expect(window).toContain("date '2024-03-31' as window_end");
    expect(window).toContain('30 as window_days');
    expect(window).toContain("'visits_month' as slug");
    // the classes are callable, as in Python
    expect(window).toContain("date '2024-02-01' as fiscal_year_start");
    expect(window).toContain("timestamp '2024-02-29 05:00:00' as leap_morning");
  });
});

describe('on-run-start / on-run-end', () => {
  it('are rendered once, with the schemas the project builds', async () => {
    const { manifest } = await compileFixture(['dbt_real_shapes', 'project'], { dialect: duckdbDialect });
    expect(manifest.run_hooks).toEqual({
      start: ['create schema if not exists run_log', 'create table if not exists run_log.runs (phase varchar, schemas varchar)'],
      end: ["insert into run_log.runs values ('end', 'main,raw,snapshots,staging')"],
    });
  });
});

