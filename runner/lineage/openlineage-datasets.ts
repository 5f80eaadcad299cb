// OpenLineage datasets of a node run, named as the OpenLineage naming spec names warehouse tables: the
// namespace is the datasource (`duckdb://<database file>`, `snowflake://<account>`), the name is
// `<database>.<schema>.<table>` — so a catalog joins clv's datasets with those other tools report on the
// same tables. Pure: plain manifest data in, event fragments out.
import { databasePath } from '../adapters/duckdb/index.js';
import { quoteIdentifier as snowflakeQuote } from '../adapters/snowflake/identifiers.js';
import type { ColumnInfo, ExecutableNode, Manifest, RelationRef, SeedNode, SourceNode } from '../manifest.js';
import { facet } from './openlineage-facets.js';

export interface Dataset {
  namespace: string;
  name: string;
  facets?: Record<string, unknown>;
  outputFacets?: Record<string, unknown>;
}

type Target = { type: string; name?: string; database?: string; [key: string]: unknown };

// How each engine names its datasource and spells stored names. Data, not conditionals: an engine without
// an entry gets `<type>://<host or database>` and names as written.
interface EngineNaming {
  namespace(target: Target, projectRoot: string, env: NodeJS.ProcessEnv): string | undefined;
  /** A relation part as the engine stores it (Snowflake upper-cases unquoted names: what its own lineage,
   * and every other OpenLineage producer reading its catalog, reports). */
  stored?(part: string): string;
}

const ENGINES: Record<string, EngineNaming> = {
  duckdb: { namespace: (target, root) => `duckdb://${databasePath(target, root)}` },
  snowflake: {
    namespace: (target, _root, env) => {
      const account = typeof target.account === 'string' && target.account ? target.account : env.SNOWFLAKE_ACCOUNT;
      return account ? `snowflake://${account.toLowerCase()}` : undefined;
    },
    stored: (part) => snowflakeQuote(part).slice(1, -1).replace(/""/g, '"'),
  },
};

export function datasetNamespace(target: Target, projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const named = ENGINES[target.type]?.namespace(target, projectRoot, env);
  if (named) return named;
  const authority = [target.host, target.database, target.name].find((v) => typeof v === 'string' && v !== '');
  return `${target.type}://${String(authority ?? 'default')}`;
}

/** `<database>.<schema>.<table>` as the engine stores it. */
export function relationNaming(type: string): (relation: RelationRef) => string {
  const stored = ENGINES[type]?.stored ?? ((part: string) => part);
  return (relation) => [relation.database, relation.schema, relation.identifier].filter((p): p is string => !!p).map(stored).join('.');
}

/** Names of a target's datasets; the plain data every builder below takes. */
export function datasetContext(manifest: Manifest, target: Target, projectRoot: string, env: NodeJS.ProcessEnv = process.env): DatasetContext {
  return { manifest, namespace: datasetNamespace(target, projectRoot, env), relationName: relationNaming(target.type), columnName: ENGINES[target.type]?.stored ?? ((name) => name) };
}

type Relational = ExecutableNode | SourceNode;
const lookup = (manifest: Manifest, id: string): Relational | undefined => manifest.nodes[id] ?? manifest.sources[id];

/** What a node's SQL reads: refs and sources, through ephemeral models (inlined as CTEs), never tests. */
export function inputIds(node: ExecutableNode, manifest: Manifest): string[] {
  const out = new Set<string>();
  const walk = (ids: string[]): void => {
    for (const id of ids) {
      const upstream = lookup(manifest, id);
      if (!upstream || upstream.resource_type === 'test') continue;
      if (upstream.resource_type === 'model' && upstream.config.materialized === 'ephemeral') walk(upstream.depends_on.nodes);
      else out.add(id);
    }
  };
  walk(node.depends_on.nodes);
  return [...out];
}

/** The schema facet from the columns the manifest knows (YAML, seed headers), or undefined. */
function schemaFacet(node: { columns?: Record<string, ColumnInfo> }, ctx: DatasetContext, extra: string[] = []): Record<string, unknown> | undefined {
  const fields = Object.values(node.columns ?? {}).map((c) => ({ name: ctx.columnName(c.name), ...(c.data_type ? { type: c.data_type } : {}), ...(c.description ? { description: c.description } : {}) }));
  const seen = new Set(fields.map((f) => f.name.toLowerCase()));
  for (const name of extra) if (!seen.has(ctx.columnName(name).toLowerCase())) fields.push({ name: ctx.columnName(name) });
  return fields.length ? facet('SchemaDatasetFacet', '1-1-1', { fields }) : undefined;
}

export interface DatasetContext {
  manifest: Manifest;
  namespace: string;
  relationName: (relation: RelationRef) => string;
  /** A column as the engine stores it. */
  columnName: (name: string) => string;
}

export function inputDatasets(node: ExecutableNode, ctx: DatasetContext): Dataset[] {
  if (node.resource_type === 'seed') return [seedFile(node)];
  return inputIds(node, ctx.manifest).flatMap((id) => {
    const upstream = lookup(ctx.manifest, id);
    if (!upstream || !('relation' in upstream)) return [];
    const schema = schemaFacet(upstream as { columns?: Record<string, ColumnInfo> }, ctx);
    return [{ namespace: ctx.namespace, name: ctx.relationName(upstream.relation), ...(schema ? { facets: { schema } } : {}) }];
  });
}

/** A seed reads its CSV: a local file is namespace `file`, name its absolute path (OpenLineage naming). */
const seedFile = (seed: SeedNode): Dataset => ({ namespace: 'file', name: seed.seed_path });

/** '<unique_id>.<column>' (or '<relation>.<column>' for a table the project does not know) -> input field. */
function inputField(path: string, ctx: DatasetContext): { namespace: string; name: string; field: string } {
  const dot = path.lastIndexOf('.');
  const [owner, field] = [path.slice(0, dot), path.slice(dot + 1)];
  const known = lookup(ctx.manifest, owner);
  return { namespace: ctx.namespace, name: known && 'relation' in known ? ctx.relationName(known.relation) : owner, field: ctx.columnName(field) };
}

/** The node's relation, with its schema and (when lineage is known) columnLineage facets. */
export function outputDataset(node: ExecutableNode, ctx: DatasetContext, columnLineage?: Record<string, string[]>): Dataset {
  const facets: Record<string, unknown> = {};
  const schema = schemaFacet(node as { columns?: Record<string, ColumnInfo> }, ctx, Object.keys(columnLineage ?? {}));
  if (schema) facets.schema = schema;
  if (columnLineage && Object.keys(columnLineage).length) {
    const fields = Object.fromEntries(Object.entries(columnLineage).map(([column, paths]) => [ctx.columnName(column), { inputFields: paths.map((p) => inputField(p, ctx)) }]));
    facets.columnLineage = facet('ColumnLineageDatasetFacet', '1-2-0', { fields });
  }
  return { namespace: ctx.namespace, name: ctx.relationName(node.relation), ...(Object.keys(facets).length ? { facets } : {}) };
}
