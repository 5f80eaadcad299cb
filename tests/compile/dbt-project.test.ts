import { describe, expect, it } from 'vitest';
import type { ModelNode, SeedNode, TestNode } from '../../runner/manifest.js';
import { loadProject } from '../../runner/project/load.js';
import { compileFixture, fixture } from './helpers.js';

describe('a dbt project (dbt_project.yml + profiles.yml)', () => {
  it('loads the profile target, paths and ignorable keys', async () => {
    const project = await loadProject(fixture('dbt_project_duckdb'), { env: { DBT_FIXTURE_DB: 'custom.duckdb' } });
    expect(project.config.configFile).toBe('dbt_project.yml');
    expect(project.config.testPaths).toEqual(['tests']);
    expect(project.target).toMatchObject({ name: 'dev', type: 'duckdb', schema: 'main', threads: 2, database: 'custom', path: fixture('dbt_project_duckdb', 'custom.duckdb') });
    expect(project.targetNames).toEqual(['dev', 'ci']);
    // analysis-paths is read (analyses compile, tests/analyses), so it no longer warns.
    expect(project.warnings).toEqual([]);
    expect(project.config.analysisPaths).toEqual(['analyses']);
    expect(project.config.vars).toEqual({ first_order_cutoff: '2018-01-01', min_amount_cents: 0 });
    const ci = await loadProject(fixture('dbt_project_duckdb'), { target: 'ci', env: {} });
    expect(ci.target).toMatchObject({ name: 'ci', path: ':memory:', database: 'memory', schema: 'ci', threads: 1 });
    await expect(loadProject(fixture('dbt_project_duckdb'), { target: 'prod', env: {} })).rejects.toThrow(/target 'prod' is not defined in profiles.yml/);
  });

  it('compiles folder config with and without +, docs blocks, seeds and both test keys', async () => {
    const { manifest } = await compileFixture(['dbt_project_duckdb']);
    const model = (name: string) => manifest.nodes[`model.dbt_fixture.${name}`] as ModelNode;
    expect(model('stg_orders').config).toMatchObject({ materialized: 'view', tags: ['staging'] });
    expect(model('orders').config).toMatchObject({ materialized: 'table', tags: ['marts'] });
    expect(model('int_order_payments').config.materialized).toBe('ephemeral');
    expect(model('customers').config.tags).toEqual(['marts', 'finance']);
    expect(model('stg_orders').columns.status!.description).toContain('| placed    | Order placed but not yet shipped');
    expect(model('stg_payments').columns.documented_but_absent).toBeDefined();
    const seed = manifest.nodes['seed.dbt_fixture.raw_payments'] as SeedNode;
    expect(seed.config.column_types).toEqual({ amount: 'integer' });
    expect(seed.relation.schema).toBe('main_raw');
    expect(model('stg_payments').compiled_code).toContain('from dbt_fixture.main_raw.raw_payments');
    // The fake dialect has no fake__cents_to_dollars, so dispatch falls back to default__.
    expect(model('stg_payments').compiled_code).toContain('round((amount / 100)::numeric(16, 2), 2) as amount');
    expect(model('orders').compiled_code).toContain('order_payments.credit_card_amount as creditcard_amount');
    expect(model('orders').compiled_code).toMatch(/^\s*with __dbt__cte__int_order_payments as \(/);
    expect(model('order_events').compiled_incremental_code).toContain('where order_date >= (select max(order_date) from dbt_fixture.main.order_events)');
    const tests = Object.values(manifest.nodes).filter((node): node is TestNode => node.resource_type === 'test');
    expect(tests.map((test) => test.name)).toEqual(expect.arrayContaining(['unique_stg_payments_payment_id', 'not_null_stg_orders_order_id', 'is_positive_orders_amount', 'assert_order_amounts_match_payments']));
    expect(tests.find((test) => test.name === 'not_null_orders_amount')!.config.severity).toBe('warn');
    expect(Object.keys(manifest.docs)).toEqual(['doc.dbt_fixture.orders_status', 'doc.dbt_fixture.customer_id']);
  });
});
