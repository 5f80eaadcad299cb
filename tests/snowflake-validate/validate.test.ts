// Every statement the Snowflake target would run for this project, checked offline: compiled with the
// Snowflake dialect and no credentials, wrapped in the materialization statements, parsed by
// @polyglot-sql/sdk, and every function name looked up in runner/adapters/snowflake/functions.txt.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../runner/compile/index.js';
import { loadProject } from '../../runner/project/load.js';
import { snowflakeDialect as d } from '../../runner/adapters/snowflake/dialect.js';
import { splitStatements } from '../../runner/adapters/snowflake/split.js';
import { setupStatements } from '../../runner/adapters/snowflake/setup.js';
import type { ExecutableNode, Manifest, ModelNode } from '../../runner/manifest.js';
import { checkStatement, initPolyglot, type Problem } from './check.js';
import { cases } from '../adapters/snowflake/dialect-cases.js';

const root = join(import.meta.dirname, '../..');

function statementsFor(node: ExecutableNode): string[] {
  if (node.resource_type === 'seed') return splitStatements(d.createTableFromCsv(node.relation, node.seed_path, node.config.column_types ?? {}));
  if (node.resource_type === 'test') return [node.compiled_code];
  const model = node as ModelNode;
  // A TypeScript model's code is not SQL: its rows are loaded like a seed (column types come from its
  // declared columns at run time; the file name stands in for the rows file).
  if (model.language === 'typescript') return splitStatements(d.createTableFromCsv(model.relation, `/tmp/${model.name}.csv`, {}));
  const transient = model.config.transient === false ? { transient: false } : {};
  switch (model.config.materialized) {
    case 'ephemeral':
      return []; // inlined as CTEs into its consumers, checked there
    case 'view':
      return [d.createView(model.relation, model.compiled_code)];
    case 'incremental': {
      const tmp = { ...model.relation, identifier: `${model.relation.identifier}__dbt_tmp` };
      return [d.createTableAs(model.relation, model.compiled_code, transient), d.createView(tmp, model.compiled_incremental_code ?? model.compiled_code)];
    }
    default:
      return [d.createTableAs(model.relation, model.compiled_code, transient)];
  }
}

function report(problems: { where: string; problem: Problem }[]): string {
  return problems.map(({ where, problem: p }) => `${where}${p.line ? `:${p.line}:${p.column}` : ''}: ${p.kind}: ${p.message}`).join('\n');
}

describe('Snowflake SQL of the whole project, offline', () => {
  let manifest: Manifest;
  beforeAll(async () => {
    await initPolyglot();
    // No SNOWFLAKE_* variables: compiling for Snowflake must need no connection and no credentials.
    const project = await loadProject(root, { target: 'snowflake', env: {} });
    manifest = compile(project, { dialect: d }).manifest;
  });

  it('compiles every node for the snowflake target', () => {
    expect(manifest.metadata.adapter_type).toBe('snowflake');
    expect(Object.keys(manifest.nodes).length).toBeGreaterThan(10);
  });

  it('parses every statement and calls only documented Snowflake functions', () => {
    const problems: { where: string; problem: Problem }[] = [];
    let checked = 0;
    for (const node of Object.values(manifest.nodes)) {
      for (const sql of statementsFor(node)) {
        checked++;
        for (const problem of checkStatement(sql)) problems.push({ where: node.original_file_path, problem });
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(report(problems)).toBe('');
  });
});

describe('Snowflake SQL the adapter itself writes', () => {
  beforeAll(initPolyglot);

  it('golden dialect statements and setup-snowflake pass both checks', () => {
    const problems: { where: string; problem: Problem }[] = [];
    const statements = [
      ...Object.entries(cases).flatMap(([name, render]) => (name === 'quoted_relation' ? [] : splitStatements(render()).map((sql) => [name, sql] as const))),
      ...setupStatements({ user: 'clv_svc' }).filter((s) => !s.startsWith('--')).map((sql) => ['setup', sql] as const),
    ];
    for (const [where, sql] of statements) for (const problem of checkStatement(sql)) problems.push({ where, problem });
    expect(report(problems)).toBe('');
  });

  it('catches DuckDB-only functions and broken syntax', () => {
    const sqlFile = readFileSync(join(root, 'tests/fixtures/snowflake/duckdb_only.sql'), 'utf8');
    const found = splitStatements(sqlFile).map((sql) => checkStatement(sql).map((p) => p.message).join('; '));
    expect(found.slice(0, 5)).toEqual([
      'list_value() is not a documented Snowflake function',
      'epoch_ms() is not a documented Snowflake function',
      'strptime() is not a documented Snowflake function',
      'string_agg() is not a documented Snowflake function',
      'lgamma() is not a documented Snowflake function',
    ]);
    expect(found[5]).not.toBe('');
    expect(found[6]).toMatch(/'\/\/' starts a comment in Snowflake/);
    expect(found).toHaveLength(7);
  });
});
