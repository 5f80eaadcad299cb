// `clv show`: preview a node's rows (or an inline query's) without building anything. The node's compiled
// SQL is wrapped with a limit and run on the target, so its parents must already exist (as in dbt show).
import { compileProject, planFor, type InvocationOptions } from '../api.js';
import type { Column, Row } from '../adapters/adapter.js';
import { getAdapter } from '../adapters/index.js';
import { compile as compileManifest } from '../compile/index.js';
import { UsageError } from '../errors.js';
import type { ExecutableNode, Manifest } from '../manifest.js';
import { renderWithAnswers } from '../compile/introspection/rerender.js';
import { introspectNode } from '../run/introspect.js';
import { loadProject } from '../project/load.js';
import type { LoadedProject } from '../project/types.js';

export interface ShowOptions extends InvocationOptions {
  /** A query (Jinja allowed: ref(), source(), var()) to run instead of a selected node. */
  inline?: string;
  /** Rows to fetch; default 5 (dbt's default); a negative limit means no limit. */
  limit?: number;
}

export interface ShowResult {
  /** The selected node's name, or 'inline'. */
  name: string;
  sql: string;
  columns: Column[];
  rows: Row[];
}

/** The synthetic model an inline query is compiled as, so ref()/source()/macros resolve as in a model. */
export const INLINE_MODEL = '__clv_show_inline__';

export function previewSql(sql: string, limit: number): string {
  const body = sql.trim().replace(/;\s*$/, '');
  return limit < 0 ? body : `select * from (\n${body}\n) clv_show limit ${Math.floor(limit)}`;
}

/** The node's SQL (or a seed's relation) chosen by --select: exactly one model, seed or test. */
export function selectedSql(manifest: Manifest, ids: string[], render: (r: Manifest['nodes'][string]) => string): { name: string; sql: string } {
  const node = selectedNode(manifest, ids);
  return { name: node.name, sql: render(node) };
}

function selectedNode(manifest: Manifest, ids: string[]): ExecutableNode {
  const all = ids.map((id) => manifest.nodes[id]).filter((n) => n !== undefined);
  // Selecting a model pulls in its tests (indirect selection); a preview is about the model itself.
  const nonTests = all.filter((n) => n.resource_type !== 'test');
  const nodes = nonTests.length > 0 ? nonTests : all;
  if (nodes.length !== 1) {
    throw new UsageError(`show needs exactly one node, but the selection matched ${nodes.length}${nodes.length ? `: ${nodes.slice(0, 5).map((n) => n.name).join(', ')}${nodes.length > 5 ? ', ...' : ''}` : ''}.`, {
      hint: 'Select one model by name (`clv show --select customers`) or pass `--inline "select ..."`.',
    });
  }
  return nodes[0]!;
}

export function withInlineModel(project: LoadedProject, query: string): LoadedProject {
  const folder = project.config.modelPaths[0] ?? 'models';
  return { ...project, files: [...project.files, { path: `${folder}/${INLINE_MODEL}.sql`, contents: `{{ config(materialized='ephemeral') }}\n${query}` }] };
}

export async function show(options: ShowOptions): Promise<ShowResult> {
  const limit = options.limit ?? 5;
  let project: LoadedProject;
  let manifest: Manifest;
  let node: ExecutableNode;
  if (options.inline !== undefined) {
    if (options.select?.length) throw new UsageError('Pass either --select or --inline, not both.');
    project = await loadProject(options.projectDir ?? process.cwd(), { target: options.target, vars: options.vars, targetPath: options.targetPath });
    const adapter = getAdapter(project.target.type);
    project = withInlineModel(project, options.inline);
    ({ manifest } = compileManifest(project, { dialect: adapter.dialect, vars: options.vars, env: process.env }));
    const inline = Object.values(manifest.nodes).find((n) => n.name === INLINE_MODEL);
    if (!inline || inline.resource_type !== 'model') throw new UsageError('The inline query did not compile to a model.');
    node = inline;
  } else {
    if (!options.select?.length) throw new UsageError('show needs --select <node> or --inline "<query>".', { hint: 'e.g. clv show --select customers --limit 10' });
    const compiled = await compileProject(options);
    await compiled.written;
    project = compiled.project;
    manifest = compiled.manifest;
    node = selectedNode(manifest, planFor(manifest, 'show', options).selected);
  }
  const name = options.inline !== undefined ? 'inline' : node.name;
  const adapter = getAdapter(project.target.type);
  const warehouse = await adapter.open(project.target, { projectRoot: project.root, threads: 1 });
  try {
    const connection = await warehouse.acquire();
    try {
      // A template that reads the warehouse is rendered with its answers first, as `run` would (dbt show too).
      if (node.resource_type !== 'seed' && node.introspection) {
        node = await introspectNode(node, { connection, dialect: adapter.dialect, render: (answers) => renderWithAnswers(project, manifest, node.unique_id, answers, { dialect: adapter.dialect, env: process.env }) });
      }
      const sql = node.resource_type === 'seed' ? `select * from ${adapter.dialect.renderRelation(node.relation)}` : node.compiled_code;
      const result = await connection.execute(previewSql(sql, limit));
      return { name, sql, columns: result.columns, rows: result.rows };
    } finally {
      warehouse.release(connection);
    }
  } finally {
    await warehouse.close();
  }
}
