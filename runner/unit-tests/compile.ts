// Unit tests → test nodes (pure). The model's compiled SQL has each given input's relation name replaced by
// a CTE of the given rows, so it runs without anything upstream built; overrides of vars/macros come in as
// the model's code compiled under them (the caller recompiles; see index.ts).
import { ProjectError } from '../errors.js';
import type { Manifest, ModelNode, TestNode, UnitTestDefinition } from '../manifest.js';
import { closest } from '../project/closest.js';
import { parseCsv, rowsSql } from './literals.js';
import type { RowsSpec, UnitTestSpec } from './spec.js';

export interface UnitCompileContext {
  manifest: Manifest;
  quoteIdentifier(name: string): string;
  renderRelation(relation: ModelNode['relation']): string;
  /** Fixture files by name (tests/fixtures/<name>.csv|.sql under a test path). */
  fixtures: Record<string, { format: 'csv' | 'sql'; text: string }>;
  /** The model's compiled code under the spec's overrides (vars/macros); undefined → the manifest's. */
  codeUnderOverrides(spec: UnitTestSpec, model: ModelNode): ModelNode | undefined;
}

const INPUT = /^(ref|source)\s*\(\s*(['"])([^'"]+)\2\s*(?:,\s*(['"])([^'"]+)\4\s*)?\)$/;

function inputNode(spec: UnitTestSpec, input: string, model: ModelNode, manifest: Manifest): { id: string; relation: ModelNode['relation']; text?: string } {
  const fail = (what: string, hint?: string) => new ProjectError(`unit test '${spec.name}': ${what}`, { location: { file: spec.file, line: spec.line }, hint });
  if (input === 'this') return { id: model.unique_id, relation: model.relation };
  const m = INPUT.exec(input);
  if (!m) throw fail(`cannot read input ${JSON.stringify(input)}`, "Write input: ref('model_name') or input: source('source_name', 'table_name').");
  const [, kind, , a, , b] = m;
  if (kind === 'source') {
    const source = Object.values(manifest.sources).find((s) => s.source_name === a && s.name === b);
    if (!source) throw fail(`input ${input} is not a declared source`, `Known sources: ${Object.values(manifest.sources).map((s) => `${s.source_name}.${s.name}`).slice(0, 10).join(', ')}`);
    // An external source (dbt-duckdb) appears in the model's SQL as its location, not as a relation name.
    return { id: source.unique_id, relation: source.relation, ...(source.relation_name ? { text: source.relation_name } : {}) };
  }
  const name = b ?? a!;
  const node = Object.values(manifest.nodes).find((n) => n.name === name && n.resource_type !== 'test');
  if (!node || node.resource_type === 'test') {
    const guess = closest(name, Object.values(manifest.nodes).filter((n) => n.resource_type !== 'test').map((n) => n.name));
    throw fail(`input ${input} does not match any model or seed${guess ? `; did you mean '${guess}'?` : ''}`);
  }
  if (node.resource_type === 'model' && node.config.materialized === 'ephemeral') {
    throw fail(`input ${input} is an ephemeral model, which is inlined rather than read from a relation`, 'Give the ephemeral model\'s own inputs instead, or make it a view.');
  }
  return { id: node.unique_id, relation: node.relation };
}

function rowsOf(spec: UnitTestSpec, rows: RowsSpec, ctx: UnitCompileContext): { rows?: Record<string, unknown>[]; sql?: string } {
  let format = rows.format;
  let content = rows.rows;
  if (rows.fixture !== undefined) {
    const fixture = ctx.fixtures[`${rows.fixture}.${rows.format}`] ?? ctx.fixtures[rows.fixture];
    if (!fixture) {
      const guess = closest(rows.fixture, Object.keys(ctx.fixtures).filter((name) => !/\.(csv|sql)$/.test(name)));
      throw new ProjectError(`unit test '${spec.name}': fixture '${rows.fixture}' not found${guess ? `; did you mean '${guess}'?` : ''}`, {
        location: { file: spec.file, line: spec.line },
        hint: 'Fixtures live in <test-path>/fixtures/<name>.csv or .sql.',
      });
    }
    format = fixture.format;
    content = fixture.text;
  }
  if (format === 'sql') return { sql: String(content).trim().replace(/;\s*$/, '') };
  if (format === 'csv') return { rows: parseCsv(String(content ?? '')) };
  if (!Array.isArray(content)) throw new ProjectError(`unit test '${spec.name}': rows must be a list of mappings`, { location: { file: spec.file, line: spec.line } });
  return { rows: content as Record<string, unknown>[] };
}

const columnsOfRows = (rows: Record<string, unknown>[]): string[] => [...new Set(rows.flatMap((r) => Object.keys(r ?? {})))];

/** Every occurrence of a relation's rendered name (as the compiler wrote it) → the CTE name. */
function replaceRelation(sql: string, relationText: string, cte: string): string {
  // --empty wraps every ref in a zero-row select (runner/compile/substitute.ts); the given rows replace it whole
  return sql.split(`(select * from ${relationText} where false limit 0)`).join(cte).split(relationText).join(cte);
}

export function compileUnitTest(spec: UnitTestSpec, ctx: UnitCompileContext): TestNode {
  const { manifest } = ctx;
  const base = Object.values(manifest.nodes).find((n): n is ModelNode => n.resource_type === 'model' && n.name === spec.model);
  if (!base) {
    const guess = closest(spec.model, Object.values(manifest.nodes).filter((n) => n.resource_type === 'model').map((n) => n.name));
    throw new ProjectError(`unit test '${spec.name}' tests model '${spec.model}', which does not exist${guess ? `; did you mean '${guess}'?` : ''}`, { location: { file: spec.file, line: spec.line } });
  }
  if (base.language !== 'sql') throw new ProjectError(`unit test '${spec.name}': model '${spec.model}' is not a SQL model`, { location: { file: spec.file, line: spec.line } });
  const model = ctx.codeUnderOverrides(spec, base) ?? base;
  // Its given rows never reach the warehouse, so what the model asks there has no answer (dbt does not unit
  // test introspective models either); overriding the macros that ask is the way out.
  if (model.introspection) {
    const asked = model.introspection.requests[0];
    throw new ProjectError(`unit test '${spec.name}': model '${spec.model}' reads the warehouse while compiling${asked ? ` (${asked.kind === 'query' ? 'a query' : asked.kind === 'relation' ? 'adapter.get_relation' : 'adapter.get_columns_in_relation'})` : ''}, which a unit test cannot answer`, {
      location: { file: spec.file, line: spec.line },
      hint: 'Override the project macro that reads it under `overrides: macros:` with a fixed value, or cover the model with data tests instead (dbt does not unit test models with introspective queries).',
    });
  }
  const incremental = spec.overrides.macros.is_incremental === true;
  let sql = incremental && model.compiled_incremental_code ? model.compiled_incremental_code : model.compiled_code;

  const ctes: string[] = [];
  const inputs: NonNullable<UnitTestDefinition['inputs']> = [];
  const covered = new Set<string>();
  spec.given.forEach((given, i) => {
    const { id, relation, text } = inputNode(spec, given.input, base, manifest);
    covered.add(id);
    const upstream = manifest.nodes[id] ?? manifest.sources[id];
    const declared = upstream && 'columns' in upstream ? upstream.columns : {};
    const types: Record<string, string | undefined> = {};
    for (const column of Object.values(declared)) types[column.name.toLowerCase()] = column.data_type;
    const { rows, sql: rowsQuery } = rowsOf(spec, given, ctx);
    // Columns the model may read beyond those given are null (typed when declared), as in dbt.
    const columns = rows ? [...new Set([...columnsOfRows(rows), ...Object.values(declared).map((c) => c.name)])] : [];
    const cte = `clv_unit_input_${i}_${(upstream?.name ?? 'this').replace(/\W/g, '_')}`;
    if (rows) {
      // The rows give some columns; the run fills the input's others with nulls where the marker is.
      const marker = `/*clv_unit_fill_${i}*/`;
      inputs.push({ relation, columns, marker });
      ctes.push(`${cte} as (\nselect *${marker} from (\n${rowsSql(rows, columns, types, ctx.quoteIdentifier)}\n) clv_unit_given_${i}\n)`);
    } else {
      ctes.push(`${cte} as (\n${rowsQuery}\n)`);
    }
    sql = replaceRelation(sql, text ?? ctx.renderRelation(relation), cte);
  });
  const missing = base.depends_on.nodes.filter((id) => !covered.has(id));
  if (missing.length > 0) {
    const spell = (id: string) => (manifest.sources[id] ? `source('${manifest.sources[id]!.source_name}', '${manifest.sources[id]!.name}')` : `ref('${id.split('.').pop()}')`);
    throw new ProjectError(`unit test '${spec.name}' gives no rows for ${missing.map(spell).join(', ')}, which ${spec.model} reads`, {
      location: { file: spec.file, line: spec.line },
      hint: `Add a given entry per input, e.g. - input: ${spell(missing[0]!)}\n      rows: []  (an empty input is fine when its columns are declared in YAML)`,
    });
  }
  const actual = `with\n${ctes.join(',\n')}\nselect * from (\n${sql.trim().replace(/;\s*$/, '')}\n) clv_unit_model`;
  const expected = rowsOf(spec, spec.expect, ctx);
  const expectColumns = expected.rows ? columnsOfRows(expected.rows) : [];
  const expectTypes: Record<string, string | undefined> = {};
  for (const column of Object.values(base.columns)) expectTypes[column.name.toLowerCase()] = column.data_type;
  const definition: UnitTestDefinition = {
    model: base.unique_id,
    actual_sql: actual,
    expected_sql: expected.sql ?? rowsSql(expected.rows!, expectColumns, expectTypes, ctx.quoteIdentifier),
    expected_columns: expectColumns,
    ...(inputs.length ? { inputs } : {}),
    ...(Object.keys(spec.overrides.vars).length || Object.keys(spec.overrides.macros).length ? { overrides: spec.overrides } : {}),
  };
  const projection = expectColumns.length ? expectColumns.map(ctx.quoteIdentifier).join(', ') : '*';
  return {
    unique_id: `test.${manifest.metadata.project_name}.${spec.model}.${spec.name}`,
    resource_type: 'test',
    name: spec.name,
    package_name: manifest.metadata.project_name,
    original_file_path: spec.file,
    fqn: [manifest.metadata.project_name, ...base.fqn.slice(1, -1), spec.model, spec.name],
    description: spec.description,
    tags: spec.tags,
    meta: {},
    config: { enabled: true, materialized: 'test', tags: spec.tags, severity: 'error' },
    depends_on: { nodes: [base.unique_id], macros: base.depends_on.macros },
    checksum: '',
    raw_code: '',
    // What `clv compile` shows: the model on the given rows (the runner compares it with expected_sql).
    compiled_code: `select ${projection} from (\n${actual}\n) clv_unit_actual`,
    attached_node: base.unique_id,
    relation: { ...base.relation, identifier: `${spec.model}__${spec.name}` },
    unit_test: definition,
  };
}
