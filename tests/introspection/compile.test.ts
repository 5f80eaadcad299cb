// The seams: compile stays pure (records what templates ask, renders stand-ins, caches only that), and the
// runner's render with answers (renderWithAnswers) and its bounded answer loop (introspectNode).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duckdbDialect } from '../../runner/adapters/duckdb/dialect.js';
import type { Connection, QueryResult } from '../../runner/adapters/adapter.js';
import { compile } from '../../runner/compile/index.js';
import { renderWithAnswers } from '../../runner/compile/introspection/rerender.js';
import { NO_ANSWERS, requestKey, type Answer } from '../../runner/compile/introspection/requests.js';
import type { ModelNode } from '../../runner/manifest.js';
import { loadProject } from '../../runner/project/load.js';
import { introspectNode, MAX_ROUNDS } from '../../runner/run/introspect.js';
import { compileUnitTests } from '../../runner/unit-tests/index.js';
import { FIXTURE } from './helpers.js';

/** The fixture loaded, then its folder deleted: whatever compile does next, it cannot read the disk. */
async function loadedThenGone() {
  const dir = mkdtempSync(join(tmpdir(), 'clv-introspection-pure-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const project = await loadProject(dir, { env: {} });
  rmSync(dir, { recursive: true, force: true });
  return project;
}

describe('compile of templates that read the warehouse', () => {
  it('is pure: records the requests, renders stand-ins, and a cached compile gives the same', async () => {
    const project = await loadedThenGone();
    const first = compile(project, { dialect: duckdbDialect });
    const pivot = first.manifest.nodes['model.introspection.order_payments'] as ModelNode;
    // No answers yet: the pivot has no method columns, and says what it needs.
    expect(pivot.compiled_code).not.toMatch(/_amount,/);
    expect(pivot.compiled_code).toContain('sum(amount) as total_amount');
    expect(pivot.introspection?.requests).toEqual([{ kind: 'query', sql: expect.stringContaining('from "warehouse"."main"."stg_payments"') }]);
    const marked = Object.values(first.manifest.nodes).filter((node) => 'introspection' in node && node.introspection).map((node) => node.name).sort();
    expect(marked).toEqual(['assert_pivot_totals_match', 'chained_queries', 'incremental_methods', 'legacy_check', 'order_payments', 'payment_methods_run_query', 'payment_stats_statement', 'payments_cents', 'payments_prefixed', 'row_count_query', 'utils_misc']);
    expect((first.manifest.nodes['model.introspection.stg_payments'] as ModelNode).introspection).toBeUndefined();
    // utils_misc fails to render on stand-ins (`{} ['payment_method'] | join`): kept for the runner, not a compile error.
    expect((first.manifest.nodes['model.introspection.utils_misc'] as ModelNode).introspection?.deferred_error).toMatch(/models\/utils_misc\.sql:\d+:\d+: template error/);
    expect((first.manifest.nodes['model.introspection.legacy_check'] as ModelNode).introspection?.requests).toEqual([{ kind: 'relation', relation: { database: 'warehouse', schema: 'main', identifier: 'legacy_payments' } }]);

    // Warm: the whole result reused, and the per-node cache (another file changed) keep the same markers.
    const warm = compile(project, { dialect: duckdbDialect, cache: first.cache });
    expect(warm.manifest.nodes['model.introspection.order_payments']).toEqual(pivot);
    const edited = { ...project, files: project.files.map((file) => (file.path.endsWith('stg_payments.sql') ? { ...file, contents: `${file.contents}\n-- edited` } : file)) };
    const perNode = compile(edited, { dialect: duckdbDialect, cache: first.cache });
    expect((perNode.manifest.nodes['model.introspection.order_payments'] as ModelNode).introspection).toEqual(pivot.introspection);
  });

  it('run_query in a generic test or hook is an error that says where it works', async () => {
    const project = await loadedThenGone();
    const hooked = { ...project, files: project.files.map((file) => (file.path === 'models/stg_payments.sql' ? { ...file, contents: `{{ config(post_hook="select {{ run_query('select 1') }}") }}\n${file.contents}` } : file)) };
    expect(() => compile(hooked, { dialect: duckdbDialect })).toThrow(/run_query\(\) reads the warehouse while compiling, which clv supports in models and singular tests/);
  });
});

describe('unit tests', () => {
  it('of a model that reads the warehouse are an error that says what to do, as dbt does not run them either', async () => {
    const project = await loadedThenGone();
    const unit = { path: 'models/_unit_tests.yml', contents: readFileSync(join(FIXTURE, '../introspection-unit-test.yml'), 'utf8') };
    const withUnit = { ...project, files: [...project.files, unit] };
    const { manifest } = compile(withUnit, { dialect: duckdbDialect });
    expect(() => compileUnitTests(withUnit, manifest, {}, { dialect: duckdbDialect })).toThrow(/unit test 'pivot_has_a_column_per_method': model 'order_payments' reads the warehouse while compiling \(a query\), which a unit test cannot answer/);
  });
});

describe('renderWithAnswers', () => {
  it('renders one node with the answers given, and lists what they did not cover', async () => {
    const project = await loadedThenGone();
    const { manifest } = compile(project, { dialect: duckdbDialect });
    const id = 'model.introspection.order_payments';
    const bare = renderWithAnswers(project, manifest, id, NO_ANSWERS, { dialect: duckdbDialect });
    expect(bare.pending).toHaveLength(1);
    expect(bare.pending[0]!.runnable).toEqual({ kind: 'query', sql: expect.stringMatching(/^select payment_method as value\s+from "warehouse"\."main"\."stg_payments"/) });
    const answers = new Map<string, Answer>([[requestKey(bare.pending[0]!.asked), { kind: 'query', columns: [{ name: 'value', dataType: 'VARCHAR' }], rows: [['cash'], ['voucher']] }]]);
    const answered = renderWithAnswers(project, manifest, id, answers, { dialect: duckdbDialect });
    expect(answered.pending).toEqual([]);
    expect(answered.node.compiled_code).toMatch(/as cash_amount,[\s\S]*as voucher_amount,[\s\S]*from "warehouse"\."main"\."stg_payments"/);
    // Pure: the manifest it read is unchanged.
    expect((manifest.nodes[id] as ModelNode).compiled_code).not.toContain('cash_amount');
  });

  it('gives compile\'s own SQL for every node of a project that reads nothing (ephemerals inlined alike)', async () => {
    const project = await loadProject(join(FIXTURE, '../dbt_project_duckdb'), { env: {} });
    const { manifest } = compile(project, { dialect: duckdbDialect });
    const rendered = Object.values(manifest.nodes).filter((node) => node.resource_type === 'model' || (node.resource_type === 'test' && !node.test_metadata?.name));
    expect(rendered.some((node) => node.compiled_code.includes('__dbt__cte__'))).toBe(true);
    for (const node of rendered) {
      const again = renderWithAnswers(project, manifest, node.unique_id, NO_ANSWERS, { dialect: duckdbDialect });
      expect(again.pending).toEqual([]);
      expect(again.node).toEqual(node);
    }
  });

  it('a ref() reached only with answers is an error that says how to declare it, as in dbt', async () => {
    const project = await loadedThenGone();
    // legacy_check refs nothing at compile (no relation yet); given one, its branch refs stg_payments.
    const edited = { ...project, files: project.files.map((file) => (file.path === 'models/legacy_check.sql' ? { ...file, contents: file.contents.replace('from {{ legacy }}', "from {{ legacy }}, {{ ref('stg_payments') }}") } : file)) };
    const { manifest } = compile(edited, { dialect: duckdbDialect });
    const id = 'model.introspection.legacy_check';
    const asked = renderWithAnswers(edited, manifest, id, NO_ANSWERS, { dialect: duckdbDialect }).pending[0]!.asked;
    const answers = new Map<string, Answer>([[requestKey(asked), { kind: 'relation', type: 'table' }]]);
    expect(() => renderWithAnswers(edited, manifest, id, answers, { dialect: duckdbDialect })).toThrow(/legacy_check refs 'stg_payments' only once the warehouse has answered/);
  });
});

describe('introspectNode', () => {
  const answering = (sqls: string[]): Connection => ({
    async execute(sql: string): Promise<QueryResult> {
      sqls.push(sql);
      if (sql.includes('undefined')) throw new Error('Binder Error: column "undefined" not found');
      const value = sql.includes('max(amount)') ? { payment_method: 'card', top_amount: 20 } : { n: 3 };
      return { rows: [value], columns: Object.keys(value).map((name) => ({ name, dataType: 'VARCHAR' })) };
    },
    async close() {},
  });

  it('answers round after round while a query needs an earlier answer; a failed stand-in query does not matter', async () => {
    const project = await loadedThenGone();
    const { manifest } = compile(project, { dialect: duckdbDialect });
    const node = manifest.nodes['model.introspection.chained_queries']!;
    const sqls: string[] = [];
    let renders = 0;
    const final = await introspectNode(node, {
      connection: answering(sqls),
      dialect: duckdbDialect,
      render: (answers) => (renders++, renderWithAnswers(project, manifest, node.unique_id, answers, { dialect: duckdbDialect })),
    });
    expect(renders).toBe(3);
    expect(sqls.some((sql) => sql.endsWith('>= undefined'))).toBe(true);
    expect(sqls.some((sql) => sql.endsWith('>= 20'))).toBe(true);
    expect(final.compiled_code).toMatch(/'card' as top_method,\s*3 as at_least_top/);
  });

  it(`stops after ${MAX_ROUNDS} rounds when every render asks something new`, async () => {
    const project = await loadedThenGone();
    const { manifest } = compile(project, { dialect: duckdbDialect });
    const node = manifest.nodes['model.introspection.order_payments']!;
    let round = 0;
    const render = () => {
      const asked = { kind: 'query' as const, sql: `select ${++round}` };
      return { node, pending: [{ asked, runnable: asked }], answerErrors: [] };
    };
    await expect(introspectNode(node, { connection: answering([]), dialect: duckdbDialect, render })).rejects.toThrow(
      new RegExp(`models/order_payments\\.sql: order_payments still asked the warehouse for new data after ${MAX_ROUNDS} rounds`),
    );
  });
});
