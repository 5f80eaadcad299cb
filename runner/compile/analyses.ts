// dbt analyses: SQL files under `analysis-paths` that compile like models (ref, source, var, macros, config)
// into `analysis.<project>.<name>` nodes, written to target/compiled by `clv compile` and never run. Nothing
// may ref() one, so they are compiled after every model and test, against final relations; one that reads
// `graph` is rendered again once the graph (which lists analyses too, as dbt's does) is complete.
import { ProjectError } from '../errors.js';
import type { AnalysisNode, NodeConfig, RelationRef } from '../manifest.js';
import type { ProjectFile } from '../project/types.js';
import type { CachedRender } from './cache.js';
import { mergeConfig, withDefaults } from './config.js';
import type { RenderInput, RenderOutput } from './jinja/context.js';
import { introspectionMarker } from './introspection/render.js';
import { NO_ANSWERS } from './introspection/requests.js';
import { fqnFor } from './stubs.js';

export interface AnalysisContext {
  projectName: string;
  paths: string[];
  render(input: RenderInput): RenderOutput;
  /** Before the graph is complete (compile/index.ts firstRender). */
  firstRender(input: RenderInput): RenderOutput;
  /** The cached render for `key` (still valid for these vars/env), if any. */
  cached(key: string): CachedRender | undefined;
  store(key: string, render: CachedRender): void;
  /** sha256 of the render's inputs, as compile keys model renders. */
  renderKey(parts: string[]): string;
  checksum(text: string): string;
  finalize(code: string): string;
  relation(name: string, config: NodeConfig): RelationRef;
}

export interface CompiledAnalyses {
  nodes: AnalysisNode[];
  /** Renders again, against the complete graph, the analyses whose first render read `graph`. */
  graphReaders: (() => void)[];
}

export function analysisNodes(files: ProjectFile[], ctx: AnalysisContext): CompiledAnalyses {
  const seen = new Map<string, string>();
  const nodes: AnalysisNode[] = [];
  const graphReaders: (() => void)[] = [];
  for (const file of files) {
    const name = file.path.split('/').pop()!.replace(/\.sql$/, '');
    const other = seen.get(name);
    if (other) throw new ProjectError(`two analyses are named '${name}': ${other} and ${file.path}`, { location: { file: file.path }, hint: 'Analysis names must be unique across folders; rename one file.' });
    seen.set(name, file.path);
    const uniqueId = `analysis.${ctx.projectName}.${name}`;
    const fqn = [ctx.projectName, 'analysis', ...fqnFor(ctx.projectName, file.path, ctx.paths).slice(1)];
    const preConfig = withDefaults('view', {});
    const input: RenderInput = { uniqueId, name, resourceType: 'analysis', file: file.path, text: file.contents, fqn, config: preConfig, incremental: false, answers: NO_ANSWERS };
    const key = ctx.renderKey([uniqueId, file.path, file.contents]);
    const out = ctx.cached(key) ?? ctx.firstRender(input);
    // Like models: a render that read other nodes' relations or the graph is redone every compile.
    const readRelations = (out as RenderOutput).readRelations;
    if (!out.readGraph && (!readRelations || Object.keys(readRelations).length === 0)) {
      const { readRelations: _unused, ...cacheable } = out as RenderOutput;
      ctx.store(key, cacheable);
    }
    const config = withDefaults('view', mergeConfig(preConfig, out.config));
    if (!config.enabled) continue;
    const node: AnalysisNode = {
      unique_id: uniqueId,
      resource_type: 'analysis',
      name,
      package_name: ctx.projectName,
      original_file_path: file.path,
      fqn,
      description: '',
      tags: config.tags,
      meta: (config.meta as Record<string, unknown>) ?? {},
      config,
      depends_on: { nodes: out.dependsOn, macros: out.macros },
      checksum: ctx.checksum(file.contents),
      language: 'sql',
      raw_code: file.contents,
      compiled_code: ctx.finalize(out.code),
      relation: ctx.relation(name, config),
      refs: out.refs,
      sources: out.sources,
      columns: {},
      vars_used: Object.keys(out.vars),
      ...introspectionMarker([out], ctx.finalize),
    };
    nodes.push(node);
    if (out.readGraph) {
      graphReaders.push(() => {
        const again = ctx.render(input);
        Object.assign(node, { compiled_code: ctx.finalize(again.code), depends_on: { nodes: again.dependsOn, macros: again.macros }, refs: again.refs, sources: again.sources });
      });
    }
  }
  return { nodes, graphReaders };
}
