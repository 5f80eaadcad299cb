// Manifest + run_results.json + catalog.json -> the site's plain data (data.js) and SQL (sql.js).
// Pure: no I/O, so it is unit-testable and its cost shows up alone in the benchmark.
import type { AnyNode, Manifest } from '../manifest.js';
import type { Dialect } from '../adapters/adapter.js';
import type { RunResultsArtifact } from '../artifacts/runResults.js';
import { catalogEntry, type Catalog } from './catalog.js';
import type { DocsColumn, DocsData, DocsNode, DocsPageMeta, DocsRunInfo, DocsSql } from './types.js';

/** Column lineage is an optional manifest extension: `column_lineage: { <column>: ['<unique_id>.<column>'] }`. */
type WithColumnLineage = { column_lineage?: Record<string, string[]> };

function runInfo(results: RunResultsArtifact | undefined): Map<string, DocsRunInfo> {
  const out = new Map<string, DocsRunInfo>();
  for (const r of results?.results ?? []) {
    const completedAt = r.timing.find((t) => t.name === 'execute')?.completed_at;
    out.set(r.unique_id, { status: r.status, message: r.message, executionTime: r.execution_time, failures: r.failures, completedAt });
  }
  return out;
}

function testsByNode(manifest: Manifest): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const node of Object.values(manifest.nodes)) {
    if (node.resource_type !== 'test') continue;
    const targets = node.attached_node ? [node.attached_node] : node.depends_on.nodes;
    for (const target of targets) {
      const key = node.column_name ? `${target}\u0000${node.column_name.toLowerCase()}` : target;
      for (const k of new Set([target, key])) {
        let list = out.get(k);
        if (!list) out.set(k, (list = []));
        list.push(node.unique_id);
      }
    }
  }
  return out;
}

function columnsOf(node: AnyNode, catalog: Catalog | undefined, tests: Map<string, string[]>): DocsColumn[] {
  if (node.resource_type === 'test') return [];
  const declared = node.columns;
  const warehouse = catalogEntry(catalog, node.unique_id)?.columns ?? {};
  const lineage = (node as WithColumnLineage).column_lineage ?? {};
  const byLower = new Map(Object.values(warehouse).map((c) => [c.name.toLowerCase(), c]));
  const names = [...Object.values(warehouse).sort((a, b) => a.index - b.index).map((c) => c.name)];
  const seen = new Set(names.map((n) => n.toLowerCase()));
  for (const name of Object.keys(declared)) if (!seen.has(name.toLowerCase())) names.push(name);
  return names.map((name) => {
    const lower = name.toLowerCase();
    const info = declared[name] ?? Object.values(declared).find((c) => c.name.toLowerCase() === lower);
    const upstream = lineage[name] ?? lineage[lower];
    return {
      name,
      description: info?.description ?? '',
      type: byLower.get(lower)?.type ?? info?.data_type,
      tests: tests.get(`${node.unique_id}\u0000${lower}`) ?? [],
      ...(upstream ? { lineage: upstream } : {}),
    };
  });
}

function docsNode(node: AnyNode, dialect: Dialect, catalog: Catalog | undefined, tests: Map<string, string[]>, runs: Map<string, DocsRunInfo>): DocsNode {
  const isTest = node.resource_type === 'test';
  const ephemeral = node.config.materialized === 'ephemeral';
  return {
    id: node.unique_id,
    type: node.resource_type,
    name: node.name,
    path: node.original_file_path,
    description: node.description,
    materialized: node.resource_type === 'source' ? undefined : node.config.materialized,
    tags: node.tags,
    relation: isTest || ephemeral ? undefined : dialect.renderRelation(node.relation),
    dependsOn: node.resource_type === 'source' ? [] : node.depends_on.nodes,
    columns: columnsOf(node, catalog, tests),
    tests: isTest ? [] : (tests.get(node.unique_id) ?? []),
    ...(isTest ? { attachedTo: node.attached_node, columnName: node.column_name } : {}),
    run: runs.get(node.unique_id),
    inWarehouse: catalog && !isTest && !ephemeral ? catalogEntry(catalog, node.unique_id) !== undefined : undefined,
  };
}

export interface DocsInputs {
  manifest: Manifest;
  dialect: Dialect;
  runResults?: RunResultsArtifact;
  catalog?: Catalog;
  catalogNote?: string;
  pages: DocsPageMeta[];
  generatedAt: string;
}

export function buildDocsData(inputs: DocsInputs): { data: DocsData; sql: DocsSql } {
  const { manifest, dialect, catalog, runResults } = inputs;
  const tests = testsByNode(manifest);
  const runs = runInfo(runResults);
  const all: AnyNode[] = [...Object.values(manifest.nodes), ...Object.values(manifest.sources)];
  const sql: DocsSql = {};
  for (const node of Object.values(manifest.nodes)) {
    if (node.resource_type === 'seed') continue;
    sql[node.unique_id] = { raw: node.raw_code, compiled: node.compiled_code };
  }
  const data: DocsData = {
    project: manifest.metadata.project_name,
    generatedAt: inputs.generatedAt,
    adapter: manifest.metadata.adapter_type,
    target: manifest.metadata.target_name,
    lastRunAt: runResults?.metadata.generated_at,
    lastRunCommand: typeof runResults?.args.which === 'string' ? runResults.args.which : undefined,
    catalogAvailable: catalog !== undefined,
    catalogNote: inputs.catalogNote,
    nodes: all.map((node) => docsNode(node, dialect, catalog, tests, runs)),
    pages: inputs.pages,
  };
  return { data, sql };
}
