// `clv compile` of nodes whose templates read the warehouse: as dbt compile does, ask the target (if it can be
// reached) and write the SQL rendered with its answers. Unlike a run, a node whose answers cannot be had (no
// warehouse, a parent not built yet) is no failure: it keeps its stand-in SQL and the user gets a warning.
import type { Adapter } from '../adapters/adapter.js';
import { writeCompileArtifacts } from '../artifacts/write.js';
import { renderWithAnswers } from '../compile/introspection/rerender.js';
import type { ExecutableNode, Manifest } from '../manifest.js';
import type { LoadedProject } from '../project/types.js';
import { introspectNode } from './introspect.js';
import { withRenderedNodes } from './introspect-project.js';

export interface CompileIntrospection {
  project: LoadedProject;
  adapter: Adapter;
  manifest: Manifest;
  /** Selected unique_ids in DAG order. */
  selected: string[];
  onWarning?: (message: string) => void;
}

/** The manifest with the selected introspecting nodes rendered with the warehouse's answers (artifacts rewritten). */
export async function compileWithAnswers(input: CompileIntrospection): Promise<Manifest> {
  const { project, adapter, manifest } = input;
  const wanted = input.selected.map((id) => manifest.nodes[id]).filter((node): node is ExecutableNode => node !== undefined && 'introspection' in node && node.introspection !== undefined);
  if (wanted.length === 0) return manifest;
  const warn = (message: string) => input.onWarning?.(message);
  let warehouse;
  try {
    warehouse = await adapter.open(project.target, { projectRoot: project.root, threads: 1 });
  } catch (error) {
    warn(`${wanted.length} node(s) read the warehouse while compiling, and the target could not be opened (${error instanceof Error ? error.message : String(error)}): their compiled SQL is rendered without its answers (e.g. ${wanted[0]!.original_file_path}).`);
    return manifest;
  }
  const rendered = new Map<string, ExecutableNode>();
  const failed: { node: ExecutableNode; reason: string }[] = [];
  try {
    const connection = await warehouse.acquire();
    try {
      for (const node of wanted) {
        try {
          rendered.set(node.unique_id, await introspectNode(node, { connection, dialect: adapter.dialect, render: (answers) => renderWithAnswers(project, manifest, node.unique_id, answers, { dialect: adapter.dialect, env: process.env }) }));
        } catch (error) {
          failed.push({ node, reason: error instanceof Error ? error.message : String(error) });
        }
      }
    } finally {
      warehouse.release(connection);
    }
  } finally {
    await warehouse.close();
  }
  // One warning, not one per node: before the first build every such node fails the same way.
  if (failed.length > 0) {
    warn(`${failed.map((f) => f.node.original_file_path).join(', ')}: compiled without the warehouse's answers (${failed.length} of ${wanted.length} node(s) reading it); the first reason:\n${failed[0]!.reason}\nBuild their parents first (\`clv build\`), then compile again.`);
  }
  const answered = withRenderedNodes(manifest, rendered);
  if (answered !== manifest) await writeCompileArtifacts(project.root, project.config.targetPath, answered, new Set(rendered.keys()));
  return answered;
}
