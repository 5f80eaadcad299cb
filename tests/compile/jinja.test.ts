import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest, ModelNode, TestNode } from '../../runner/manifest.js';
import { compileFixture } from './helpers.js';

let manifest: Manifest;
const model = (name: string) => manifest.nodes[`model.features.${name}`] as ModelNode;

beforeAll(async () => {
  ({ manifest } = await compileFixture(['compile', 'features']));
});

describe('config resolution', () => {
  it('applies folder config < schema YAML config < in-file config()', () => {
    const node = model('precedence_model');
    expect(node.config.materialized).toBe('table'); // YAML beats folder
    expect(node.config.alias).toBe('file_alias'); // config() beats YAML and folder
    expect(node.config.tags).toEqual(['folder', 'yaml', 'file']); // tags accumulate
    expect(node.relation).toEqual({ database: 'features', schema: 'main_folder_schema', identifier: 'file_alias' });
  });

  it('accepts folder config both with and without the project-name level', () => {
    expect(model('kwargs_model').config.materialized).toBe('table');
  });
});

describe('dbt Jinja semantics', () => {
  it('passes keyword arguments to macros as dbt does', () => {
    expect(model('kwargs_model').compiled_code).toBe("select 'hello ann!' as a, 'hello bob?' as b, 'hi cy!' as c\n");
  });

  it('makes a macro evaluate to its return() value and dispatches on the dialect name', () => {
    expect(model('return_model').compiled_code).toBe("select 3 as n, 'a-b-c' as joined, a || b || c as concatenated\n");
    expect(model('return_model').depends_on.macros).toEqual(expect.arrayContaining(['macro.features.column_list', 'macro.features.concat_cols', 'macro.features.fake__concat_cols']));
  });

  it('supports Python string/dict methods, namespace(), None/True/False and var()', () => {
    const sql = model('python_model').compiled_code;
    expect(sql).toContain("'ABC' as up");
    expect(sql).toContain("'pad' as stripped");
    expect(sql).toContain('3 as total');
    expect(sql).toContain("'a|b|c' as parts");
    expect(sql).toContain("'a_a_a' as replaced");
    expect(sql).toContain("'x_y' as formatted");
    expect(sql).toContain('9 as fallback');
    expect(sql).toContain('yes as starts');
    expect(sql).toContain("'eu' as region");
    expect(sql).toContain("'true' as is_none");
    expect(sql).toContain("'true' as py_bools");
    expect(sql).toContain("'Snake_Case' as titled");
    expect(sql).toContain(", 2 as trailing_commas, 'x,}' as comma_in_string");
    expect(model('python_model').vars_used).toEqual(['region']);
  });

  it('renders is_incremental() models twice', () => {
    const node = model('incremental_model');
    expect(node.compiled_code).not.toContain('where id >');
    expect(node.compiled_incremental_code).toContain('where id > (select max(id) - 0 from features.main.incremental_model)');
    expect(model('kwargs_model').compiled_incremental_code).toBeUndefined();
  });

  it('inlines ephemeral models as CTEs, recursively, into an existing or a new with', () => {
    expect(model('uses_ephemeral').compiled_code).toBe(
      'with __dbt__cte__ephemeral_base as (\nselect 1 as id\n),\n__dbt__cte__ephemeral_mid as (\nselect * from __dbt__cte__ephemeral_base\n),\nfinal as (\n    select * from __dbt__cte__ephemeral_mid\n)\nselect * from final\n',
    );
    expect(model('no_with_ephemeral').compiled_code).toBe('with __dbt__cte__ephemeral_base as (\nselect 1 as id\n)\nselect * from __dbt__cte__ephemeral_base\n');
    expect(model('uses_ephemeral').depends_on.nodes).toEqual(['model.features.ephemeral_mid']);
  });

  it('resolves source() to the declared (Jinja-rendered) schema and identifier', () => {
    expect(model('sourced').compiled_code).toBe('select * from features.raw_shop.shop_orders\n');
    expect(model('sourced').depends_on.nodes).toEqual(['source.features.shop.orders']);
    expect(manifest.parent_map['model.features.sourced']).toEqual(['source.features.shop.orders']);
    expect(manifest.child_map['source.features.shop.orders']).toContain('model.features.sourced');
  });
});

describe('data tests', () => {
  const tests = () => Object.values(manifest.nodes).filter((node): node is TestNode => node.resource_type === 'test');

  it('generates generic tests with dbt-like names, config and attachment', () => {
    const notNull = tests().find((test) => test.name === 'not_null_kwargs_model_a')!;
    expect(notNull.unique_id).toMatch(/^test\.features\.not_null_kwargs_model_a\.[0-9a-f]{10}$/);
    expect(notNull.attached_node).toBe('model.features.kwargs_model');
    expect(notNull.column_name).toBe('a');
    expect(notNull.config).toMatchObject({ severity: 'warn', where: 'a is not null', limit: 5, error_if: '!=0' });
    expect(notNull.compiled_code).toBe('select * from (\nselect *\nfrom (select * from features.main.kwargs_model where a is not null) dbt_subquery\nwhere a is null\n) dbt_internal_test\nlimit 5');

    const accepted = tests().find((test) => test.test_metadata?.name === 'accepted_values')!;
    expect(accepted.name).toBe('accepted_values_kwargs_model_a__False__1__2');
    expect(accepted.config).toMatchObject({ store_failures: true, error_if: '>10', severity: 'error' });
    expect(accepted.compiled_code).toContain('where value_field not in (\n    1, 2\n)');
    expect(accepted.relation).toEqual({ database: 'features', schema: 'main_dbt_test__audit', identifier: 'accepted_values_kwargs_model_a__False__1__2' });
  });

  it('attaches tests to sources and builds singular tests from tests/data', () => {
    const sourceTest = tests().find((test) => test.attached_node === 'source.features.shop.orders')!;
    expect(sourceTest.compiled_code).toContain('from features.raw_shop.shop_orders');
    const singular = manifest.nodes['test.features.assert_one'] as TestNode;
    expect(singular.config.severity).toBe('warn');
    expect(singular.depends_on.nodes).toEqual(['model.features.precedence_model']);
    expect(singular.compiled_code).toBe('select * from features.main_folder_schema.file_alias where id != 1');
  });

  it('records seeds with their CSV header', () => {
    const seed = manifest.nodes['seed.features.countries'];
    expect(seed?.resource_type).toBe('seed');
    expect(Object.keys((seed as { columns: object }).columns)).toEqual(['code', 'name']);
  });
});
