// dbt's `graph` context variable: the manifest's nodes and sources as plain dicts keyed by unique_id, with
// the attributes dbt projects read (https://docs.getdbt.com/reference/dbt-jinja-functions/graph). Built from
// the manifest as compiled so far, never from compiled SQL: a node that reads `graph` must render the same
// whichever order the nodes render in, so `compiled_code` is left out on purpose.
import type { ExecutableNode, MacroInfo, RelationRef, SourceNode } from '../../manifest.js';

export interface GraphVariable {
  nodes: Record<string, Record<string, unknown>>;
  sources: Record<string, Record<string, unknown>>;
  macros: Record<string, Record<string, unknown>>;
  exposures: Record<string, unknown>;
  metrics: Record<string, unknown>;
  groups: Record<string, unknown>;
  semantic_models: Record<string, unknown>;
  saved_queries: Record<string, unknown>;
}

export interface GraphInputs {
  nodes: Record<string, ExecutableNode>;
  sources: Record<string, SourceNode>;
  macros: Record<string, MacroInfo>;
  projectName: string;
  renderRelation(relation: RelationRef): string;
}

/** During parsing dbt's graph is incomplete: clv's first render sees the sources (known before any model) only. */
export function parseGraph(inputs: Omit<GraphInputs, 'nodes' | 'macros'>): GraphVariable {
  return graphVariable({ ...inputs, nodes: {}, macros: {} });
}

export function graphVariable(inputs: GraphInputs): GraphVariable {
  const nodes: GraphVariable['nodes'] = {};
  for (const node of Object.values(inputs.nodes)) nodes[node.unique_id] = graphNode(node, inputs);
  const sources: GraphVariable['sources'] = {};
  for (const source of Object.values(inputs.sources)) sources[source.unique_id] = graphSource(source, inputs);
  const macros: GraphVariable['macros'] = {};
  for (const macro of Object.values(inputs.macros)) {
    macros[macro.unique_id] = { unique_id: macro.unique_id, resource_type: 'macro', name: macro.name, package_name: macro.unique_id.split('.')[1], original_file_path: macro.original_file_path, path: macro.original_file_path, macro_sql: macro.macro_sql ?? '', depends_on: { macros: [...(macro.depends_on?.macros ?? [])] } };
  }
  return { nodes, sources, macros, exposures: {}, metrics: {}, groups: {}, semantic_models: {}, saved_queries: {} };
}

function graphNode(node: ExecutableNode, inputs: GraphInputs): Record<string, unknown> {
  const relation = node.relation;
  const raw = 'raw_code' in node ? node.raw_code : '';
  const refs = 'refs' in node ? node.refs.map(refEntry) : [];
  const sources = 'sources' in node ? node.sources.map((entry) => [...entry]) : [];
  const columns = 'columns' in node ? copy(node.columns) : {};
  return {
    unique_id: node.unique_id,
    resource_type: node.unique_id.startsWith('snapshot.') ? 'snapshot' : node.resource_type,
    name: node.name,
    package_name: node.package_name,
    // dbt's `path` is relative to the resource folder (models/, seeds/, tests/); a generic test's is its name.
    path: node.resource_type === 'test' && 'test_metadata' in node && node.test_metadata ? `${node.name}.sql` : withinFolder(node.original_file_path),
    original_file_path: node.original_file_path,
    fqn: [...node.fqn],
    alias: relation.identifier,
    database: relation.database ?? null,
    schema: relation.schema,
    relation_name: node.resource_type === 'test' ? null : inputs.renderRelation(relation),
    config: copy(node.config),
    tags: [...node.tags],
    meta: copy(node.meta),
    description: node.description,
    columns,
    depends_on: { nodes: [...node.depends_on.nodes], macros: [...node.depends_on.macros] },
    refs,
    sources,
    raw_code: raw,
    language: 'language' in node ? node.language : 'sql',
    checksum: { name: 'sha256', checksum: node.checksum },
    patch_path: 'patch_path' in node && node.patch_path ? `${inputs.projectName}://${node.patch_path}` : null,
    ...(node.resource_type === 'test' ? testAttributes(node) : {}),
  };
}

function testAttributes(node: Extract<ExecutableNode, { resource_type: 'test' }>): Record<string, unknown> {
  return {
    test_metadata: node.test_metadata ? copy(node.test_metadata) : null,
    column_name: node.column_name ?? null,
    attached_node: node.attached_node ?? null,
  };
}

function graphSource(source: SourceNode, inputs: GraphInputs): Record<string, unknown> {
  const relation = source.relation;
  return {
    unique_id: source.unique_id,
    resource_type: 'source',
    source_name: source.source_name,
    name: source.name,
    identifier: relation.identifier,
    database: relation.database ?? null,
    schema: relation.schema,
    relation_name: source.relation_name ?? inputs.renderRelation(relation),
    package_name: source.package_name,
    path: source.original_file_path,
    original_file_path: source.original_file_path,
    fqn: [...source.fqn],
    loaded_at_field: source.loaded_at_field ?? null,
    freshness: source.freshness === undefined ? null : copy(source.freshness),
    columns: copy(source.columns),
    meta: copy(source.meta),
    tags: [...source.tags],
    description: source.description,
    config: copy(source.config),
  };
}

/** dbt ≥ 1.5 lists refs as {name, package, version}. */
function refEntry(entry: string[]): Record<string, unknown> {
  const [first, second, third] = entry;
  return second === undefined ? { name: first, package: null, version: null } : entry.length === 2 && /^\d/.test(second) ? { name: first, package: null, version: second } : { name: second, package: first, version: third ?? null };
}

function withinFolder(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? file : file.slice(slash + 1);
}

/** A template may mutate what it reads (`node.config.update(...)`); it must not reach the manifest. */
function copy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
