// api.Column as dbt defines it per adapter: dbt's base Column (the fake dialect), dbt-duckdb's and
// dbt-snowflake's (is_integer() is always false there; a VARCHAR holds 16,777,216 characters); and the
// fixture builds on DuckDB with the types it names.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { duckdbDialect } from '../../runner/adapters/duckdb/dialect.js';
import { snowflakeDialect } from '../../runner/adapters/snowflake/dialect.js';
import type { CompileDialect } from '../../runner/compile/index.js';
import type { ModelNode } from '../../runner/manifest.js';
import { clv, query } from '../framework/helpers.js';
import { compileFixture, fakeDialect, fixture } from './helpers.js';

const facts = async (dialect: CompileDialect) => {
  const { manifest } = await compileFixture(['column-api'], { dialect });
  const sql = (manifest.nodes['model.column_api.column_api'] as ModelNode).compiled_code;
  return Object.fromEntries([...sql.matchAll(/'([^']*)' as (\w+_facts)/g)].map((match) => [match[2], match[1]]));
};

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('api.Column', () => {
  it("follows dbt's base Column: translate_type, create, the constructor, from_description and the predicates", async () => {
    expect(await facts(fakeDialect)).toEqual({
      name_facts: 'customer_name|customer_name|TEXT|character varying(256)|true|256',
      amount_facts: 'true|true|false|false',
      id_facts: 'true|true|false|BIGINT',
      code_facts: '12|12|character varying(12)|true|false',
      misc_facts: 'true|false|integer',
    });
  });

  it("follows dbt-duckdb's DuckDBColumn (its integer and float names)", async () => {
    const duck = await facts(duckdbDialect);
    expect(duck.id_facts).toBe('true|true|false|BIGINT');
    expect(duck.misc_facts).toBe('true|false|integer');
    expect(duck.name_facts).toBe('customer_name|customer_name|TEXT|character varying(256)|true|256');
  });

  it("follows dbt-snowflake's SnowflakeColumn: integers are numerics, strings default to 16,777,216", async () => {
    const snow = await facts(snowflakeDialect);
    expect(snow.id_facts).toBe('false|true|true|BIGINT');
    expect(snow.name_facts).toBe('customer_name|customer_name|TEXT|character varying(16777216)|true|16777216');
    expect(snow.misc_facts).toBe('true|true|integer');
    expect(snow.amount_facts).toBe('true|true|false|false');
  });

  it('builds on DuckDB with the types the columns name', async () => {
    dir = mkdtempSync(join(tmpdir(), 'clv-column-api-'));
    cpSync(fixture('column-api'), dir, { recursive: true });
    const run = await clv(dir, ['build']);
    expect(run.code).toBe(0);
    const types = await query(join(dir, 'warehouse.duckdb'), "select column_name, data_type from information_schema.columns where table_name = 'column_api' and column_name not like '%_facts' order by ordinal_position");
    expect(types).toEqual([
      { column_name: 'customer_name', data_type: 'VARCHAR' },
      { column_name: 'amount', data_type: 'DECIMAL(18,2)' },
      { column_name: 'id', data_type: 'BIGINT' },
      { column_name: 'code', data_type: 'VARCHAR' },
      { column_name: 'ratio', data_type: 'DECIMAL(10,3)' },
      { column_name: 'literal_five', data_type: 'INTEGER' },
    ]);
  });

  it('string_size() on a column that is not a string fails as in dbt, naming the column', async () => {
    const { compile } = await import('../../runner/compile/index.js');
    const { project } = await compileFixture(['column-api']);
    const broken = { ...project, files: project.files.map((file) => (file.path.endsWith('column_api.sql') ? { ...file, contents: "select {{ api.Column.create('n', 'integer').string_size() }} as n" } : file)) };
    expect(() => compile(broken, { dialect: fakeDialect })).toThrow(/string_size\(\) called on column 'n', whose type integer is not a string/);
  });
});
