// Column lineage of every SQL model, from its compiled SQL, in DAG order so `select *` over an upstream
// model expands to the columns that model was found to produce. Pure: the known columns of seeds and
// sources (headers, catalog.json, YAML) come in as data. Anything the parser cannot pin down is reported in
// `unresolved` with the reason — an answer is given only when the parse proves it.
import type { Manifest, ModelNode } from '../manifest.js';
import { parseLineage, type ParserTable } from './parser.js';
import { unsupportedStarModifier } from './sql-text.js';
import type { KnownColumns, ModelLineage, ProjectLineage } from './types.js';

export interface LineageOptions {
  /** Parser dialect: 'duckdb', 'snowflake' (the adapter type). */
  dialect: string;
  known: KnownColumns;
  /** Limit to these models (and what they need); default every model. */
  only?: Set<string>;
}

const isModel = (manifest: Manifest, id: string): ModelNode | undefined => {
  const node = manifest.nodes[id];
  return node?.resource_type === 'model' ? node : undefined;
};

/** Models in dependency order (parents first). */
export function modelOrder(manifest: Manifest): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): void => {
    if (state.has(id)) return;
    state.set(id, 'visiting');
    for (const parent of manifest.nodes[id]?.depends_on.nodes ?? []) if (isModel(manifest, parent)) visit(parent);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of Object.keys(manifest.nodes)) if (isModel(manifest, id)) visit(id);
  return order;
}

export function projectLineage(manifest: Manifest, options: LineageOptions): ProjectLineage {
  const result: ProjectLineage = {};
  const columnsOf = (id: string): string[] | undefined => {
    const computed = result[id];
    if (computed && !computed.unresolved['*']) return computed.columns;
    return options.known.get(id);
  };
  for (const id of modelOrder(manifest)) {
    if (options.only && !options.only.has(id)) continue;
    result[id] = modelLineage(isModel(manifest, id)!, manifest, columnsOf, options.dialect);
  }
  return result;
}

/** Relations the compiled SQL reads: its refs and sources, through ephemeral models (inlined as CTEs). */
export function inputsOf(node: ModelNode, manifest: Manifest): string[] {
  const out = new Set<string>();
  const walk = (ids: string[]): void => {
    for (const id of ids) {
      const upstream = manifest.nodes[id];
      if (upstream?.resource_type === 'model' && upstream.config.materialized === 'ephemeral') walk(upstream.depends_on.nodes);
      else if (upstream?.resource_type !== 'test') out.add(id);
    }
  };
  walk(node.depends_on.nodes);
  return [...out];
}

function tableOf(manifest: Manifest, id: string, columns: string[] | undefined): ParserTable | undefined {
  const relation = (manifest.nodes[id] ?? manifest.sources[id]) as { relation?: { database?: string; schema: string; identifier: string } } | undefined;
  if (!relation?.relation) return undefined;
  const { database, schema, identifier } = relation.relation;
  const schemaName = [database, schema].filter(Boolean).join('.');
  return { dottedName: [schemaName, identifier].filter(Boolean).join('.'), datasetName: id, schemaName, identifier, columns };
}

/** The parser's view of a model's inputs: relation names and their known columns. */
export function tablesFor(node: ModelNode, manifest: Manifest, columnsOf: (id: string) => string[] | undefined): ParserTable[] {
  return inputsOf(node, manifest).map((id) => tableOf(manifest, id, columnsOf(id))).filter((t): t is ParserTable => t !== undefined);
}

/** Everything one model's lineage depends on, as plain data: what a worker thread gets, and what the
 * lineage cache is keyed by. */
export interface LineageInput {
  id: string;
  language: ModelNode['language'];
  sql: string;
  tables: ParserTable[];
  /** The model's own known columns (catalog/YAML): the answer's column list when the SQL cannot be read. */
  ownColumns: string[] | undefined;
  dialect: string;
}

export function lineageInput(node: ModelNode, manifest: Manifest, columnsOf: (id: string) => string[] | undefined, dialect: string): LineageInput {
  const sql = node.language === 'sql' ? node.compiled_code : '';
  const tables = node.language === 'sql' && !unsupportedStarModifier(sql) ? tablesFor(node, manifest, columnsOf) : [];
  return { id: node.unique_id, language: node.language, sql, tables, ownColumns: columnsOf(node.unique_id), dialect };
}

export function modelLineage(node: ModelNode, manifest: Manifest, columnsOf: (id: string) => string[] | undefined, dialect: string): ModelLineage {
  return lineageOfInput(lineageInput(node, manifest, columnsOf, dialect));
}

/** One model's lineage from its input (pure; runs in lineage worker threads too). */
export function lineageOfInput(input: LineageInput): ModelLineage {
  const unresolvedModel = (reason: string): ModelLineage => ({ columns: input.ownColumns ?? [], upstream: {}, unresolved: { '*': reason } });
  if (input.language !== 'sql') return unresolvedModel('a TypeScript model: its columns are computed in code, not SQL');
  const modifier = unsupportedStarModifier(input.sql);
  if (modifier) return unresolvedModel(`'${modifier}' is not traced by the SQL parser's lineage yet`);

  const { tables } = input;
  const known = new Map(tables.map((t) => [t.datasetName, t.columns]));
  const parsed = parseLineage(input.sql, input.dialect, tables, input.id);
  if (parsed.error) return unresolvedModel(`the SQL parser failed: ${parsed.error}`);

  const lineage: ModelLineage = { columns: [], upstream: {}, unresolved: {} };
  const named = parsed.outputs.flatMap((o) => (o.kind === 'named' ? [o.name] : []));
  const counts = new Map<string, number>();
  for (const name of named) counts.set(name.toLowerCase(), (counts.get(name.toLowerCase()) ?? 0) + 1);
  parsed.outputs.forEach((output, i) => {
    if (output.kind === 'wildcard') {
      lineage.unresolved['*'] = `select ${output.qualifier ? `${output.qualifier}.` : ''}* over a relation whose columns are unknown (declare them in YAML, or run \`clv docs generate\` for target/catalog.json)`;
      return;
    }
    if (output.kind === 'unnamed') {
      lineage.unresolved[`#${i + 1}`] = `output column ${i + 1} has no name: give the expression an alias`;
      return;
    }
    const column = output.name;
    lineage.columns.push(column);
    if ((counts.get(column.toLowerCase()) ?? 0) > 1) {
      lineage.unresolved[column] = `the query outputs '${column}' more than once`;
      return;
    }
    const fields = parsed.fields[column] ?? Object.entries(parsed.fields).find(([k]) => k.toLowerCase() === column.toLowerCase())?.[1];
    if (!fields) {
      lineage.unresolved[column] = 'the SQL parser traced no lineage for this expression';
      return;
    }
    const paths: string[] = [];
    for (const field of fields) {
      if (field.namespace !== 'clv') { paths.push(`${field.dataset}.${field.field}`); continue; }
      const columns = known.get(field.dataset);
      const match = columns?.find((c) => c.toLowerCase() === field.field.toLowerCase());
      if (columns && !match) {
        lineage.unresolved[column] = `'${field.field}' is not a known column of ${field.dataset}`;
        return;
      }
      if (!columns && tables.length > 1) {
        lineage.unresolved[column] = `the columns of ${field.dataset} are unknown, so which input '${field.field}' comes from cannot be proven (declare them in YAML, or run \`clv docs generate\`)`;
        return;
      }
      paths.push(`${field.dataset}.${match ?? field.field}`);
    }
    lineage.upstream[column] = [...new Set(paths)].sort();
  });
  return lineage;
}
