// Ties the pure render-with-answers (compile/introspection/rerender.ts) to the executor's introspect hook for
// one invocation, and remembers what each such node finally rendered to, for target/compiled and
// manifest.json (dbt writes the SQL it ran there too).
import type { Connection, Dialect } from '../adapters/adapter.js';
import { renderWithAnswers, type RerenderOptions } from '../compile/introspection/rerender.js';
import type { ExecutableNode, Manifest, RelationRef } from '../manifest.js';
import type { LoadedProject } from '../project/types.js';
import { introspectNode } from './introspect.js';

export interface ProjectIntrospection {
  introspect(node: ExecutableNode, connection: Connection, manifest: Manifest): Promise<ExecutableNode>;
  /** unique_id -> the node as it ran. */
  rendered: Map<string, ExecutableNode>;
}

/** `deferred`: --defer's unselected parents read from the --state relations (state/defer.ts rewrote the
 * compiled SQL; the render with answers must resolve their refs the same way). */
export function projectIntrospection(project: LoadedProject, options: RerenderOptions & { dialect: Dialect; deferred?: Record<string, RelationRef> }): ProjectIntrospection {
  const rendered = new Map<string, ExecutableNode>();
  const forRender = new WeakMap<Manifest, Manifest>();
  const renderManifest = (manifest: Manifest): Manifest => {
    const deferred = options.deferred ?? {};
    if (Object.keys(deferred).length === 0) return manifest;
    let out = forRender.get(manifest);
    if (!out) {
      const nodes = { ...manifest.nodes };
      for (const [id, relation] of Object.entries(deferred)) if (nodes[id]) nodes[id] = { ...nodes[id]!, relation } as ExecutableNode;
      forRender.set(manifest, (out = { ...manifest, nodes }));
    }
    return out;
  };
  return {
    rendered,
    async introspect(node, connection, manifest) {
      const renderFrom = renderManifest(manifest);
      const final = await introspectNode(node, { connection, dialect: options.dialect, render: (answers) => renderWithAnswers(project, renderFrom, node.unique_id, answers, options) });
      rendered.set(node.unique_id, final);
      return final;
    },
  };
}

/** The manifest with the nodes as they ran (unchanged when none read the warehouse while compiling). */
export function withRenderedNodes(manifest: Manifest, rendered: ReadonlyMap<string, ExecutableNode>): Manifest {
  if (rendered.size === 0) return manifest;
  const nodes = { ...manifest.nodes };
  for (const [id, node] of rendered) if (nodes[id]) nodes[id] = node;
  return { ...manifest, nodes };
}
