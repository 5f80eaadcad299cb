// The SQL parser behind column lineage: @polyglot-sql/sdk (Rust sqlglot port compiled to WebAssembly; parses
// DuckDB and Snowflake, resolves CTEs, joins, set operations, window functions and `select *` against a
// schema). One call for the output columns, one for the OpenLineage columnLineage facet of all of them:
// per-column tracing would cost one parse per column.
import { lineageWithSchema, openLineageColumnLineage, outputColumnsWithSchema, type LineageNode, type Schema } from '@polyglot-sql/sdk';

import { PRODUCER } from './openlineage-facets.js';

export { PRODUCER };
/** Namespace of inputs the project does not know (raw tables named in SQL). */
export const EXTERNAL = 'external';

export interface ParserTable {
  /** Dotted name as the parser derives it from the SQL text ('main.orders', 'DB.MAIN.ORDERS'). */
  dottedName: string;
  /** What the input is called in the result (a unique_id). */
  datasetName: string;
  schemaName?: string;
  identifier: string;
  columns: string[] | undefined;
}

export interface ParsedOutput {
  /** Named output columns, or a wildcard that could not be expanded. */
  outputs: Array<{ kind: 'named'; name: string } | { kind: 'wildcard'; qualifier: string | null } | { kind: 'unnamed' }>;
  /** output column -> inputs ({dataset, field}); keyed as the parser spells the column. */
  fields: Record<string, Array<{ dataset: string; namespace: string; field: string }>>;
  warnings: string[];
  error?: string;
}

export function schemaOf(tables: ParserTable[]): Schema {
  return {
    strict: false,
    tables: tables.filter((t) => t.columns !== undefined).map((t) => ({
      name: t.identifier,
      ...(t.schemaName ? { schema: t.schemaName } : {}),
      columns: t.columns!.map((name) => ({ name, type: 'unknown' })),
    })),
  };
}

export function mappings(tables: ParserTable[]): Record<string, { namespace: string; name: string }> {
  return Object.fromEntries(tables.map((t) => [t.dottedName, { namespace: 'clv', name: t.datasetName }]));
}

export function parseLineage(sql: string, dialect: string, tables: ParserTable[], output: string): ParsedOutput {
  const schema = schemaOf(tables);
  const described = outputColumnsWithSchema(sql, schema, dialect);
  if (!described.success || !described.output) return { outputs: [], fields: {}, warnings: [], error: described.error ?? 'the parser could not read the query' };
  const facet = openLineageColumnLineage(sql, {
    producer: PRODUCER, dialect, schema, datasetMappings: mappings(tables), datasetNamespace: EXTERNAL, outputDataset: { namespace: 'clv', name: output },
  });
  const fields: ParsedOutput['fields'] = {};
  for (const [name, field] of Object.entries(facet.facet?.fields ?? {})) {
    fields[name] = field.inputFields.map((f) => ({ dataset: f.name, namespace: f.namespace, field: f.field }));
  }
  // 0.12.1's facet drops every field when the final select is `select * from <cte>` (dbt's house style);
  // the per-column tracer handles it, so only the columns the facet missed pay for a second parse.
  const traced = new Set(Object.keys(fields).map((k) => k.toLowerCase()));
  for (const output of described.output.columns) {
    if (output.kind !== 'named' || traced.has(output.name.toLowerCase())) continue;
    const inputs = traceColumn(sql, dialect, schema, tables, output.name);
    if (inputs) fields[output.name] = inputs;
  }
  return {
    outputs: described.output.columns.map((c) => (c.kind === 'named' ? { kind: 'named', name: c.name } : c.kind === 'wildcard' ? { kind: 'wildcard', qualifier: c.qualifier } : { kind: 'unnamed' })),
    fields,
    warnings: facet.warnings.map((w) => `${w.code}: ${w.message}`),
    ...(facet.success ? {} : { error: facet.error ?? 'the parser could not trace the query' }),
  };
}

/** Leaves of the per-column lineage tree that are tables; undefined when any leaf is unresolved. */
function traceColumn(sql: string, dialect: string, schema: Schema, tables: ParserTable[], column: string): ParsedOutput['fields'][string] | undefined {
  const result = lineageWithSchema(column, sql, schema, dialect);
  if (!result.success || !result.lineage) return undefined;
  const byName = new Map(tables.map((t) => [t.dottedName.toLowerCase(), t.datasetName]));
  const inputs: ParsedOutput['fields'][string] = [];
  let resolved = true;
  const visit = (node: LineageNode): void => {
    if (node.source_kind === 'table') {
      const dataset = byName.get(node.source_name.toLowerCase());
      const field = node.name.slice(node.name.lastIndexOf('.') + 1);
      inputs.push(dataset ? { dataset, namespace: 'clv', field } : { dataset: node.source_name, namespace: EXTERNAL, field });
      return;
    }
    if (node.source_kind === 'unknown') resolved = false;
    for (const child of node.downstream) visit(child);
  };
  visit(result.lineage);
  return resolved ? inputs : undefined;
}
