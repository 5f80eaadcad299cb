// The SQL parser behind column lineage: @polyglot-sql/sdk (Rust sqlglot port compiled to WebAssembly; parses
// DuckDB and Snowflake, resolves CTEs, joins, set operations, window functions and `select *` against a
// schema). One call for the output columns, one for the OpenLineage columnLineage facet of all of them:
// per-column tracing would cost one parse per column.
import { openLineageColumnLineage, openLineageRunEvent, outputColumnsWithSchema, type Schema } from '@polyglot-sql/sdk';

export const PRODUCER = 'https://github.com/clv/clv';
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
  return {
    outputs: described.output.columns.map((c) => (c.kind === 'named' ? { kind: 'named', name: c.name } : c.kind === 'wildcard' ? { kind: 'wildcard', qualifier: c.qualifier } : { kind: 'unnamed' })),
    fields,
    warnings: facet.warnings.map((w) => `${w.code}: ${w.message}`),
    ...(facet.success ? {} : { error: facet.error ?? 'the parser could not trace the query' }),
  };
}

/** An OpenLineage RunEvent (COMPLETE) with the columnLineage facet, for catalogs that speak OpenLineage. */
export function runEvent(sql: string, dialect: string, tables: ParserTable[], job: { namespace: string; name: string; runId: string; eventTime: string }): Record<string, unknown> | undefined {
  const result = openLineageRunEvent(sql, {
    producer: PRODUCER, dialect, schema: schemaOf(tables), datasetMappings: mappings(tables), datasetNamespace: EXTERNAL,
    outputDataset: { namespace: 'clv', name: job.name }, jobNamespace: job.namespace, jobName: job.name, runId: job.runId, eventTime: job.eventTime, eventType: 'COMPLETE',
  });
  return result.success ? result.event : undefined;
}
