// The pure entry point the runner calls right before it runs a node that reads the warehouse while compiling:
// render that one node again with the answers gathered so far, against the compiled manifest (whose
// relations are final). No I/O; the Jinja environment (macros registered once) is kept per manifest.
import { ProjectError } from '../../errors.js';
import type { ExecutableNode, Manifest, ModelNode, NodeConfig, TestNode } from '../../manifest.js';
import type { LoadedProject } from '../../project/types.js';
import type { CachedRender } from '../cache.js';
import { classifyFiles } from '../classify.js';
import { createDbtJinja, type CompileDialect, type DbtJinja, type RenderInput, type RenderOutput } from '../jinja/context.js';
import { macroSourcesOf } from '../macro-sources.js';
import { graphVariable } from '../jinja/graph-variable.js';
import type { Stub } from '../stubs.js';
import { finalizeCode } from '../substitute.js';
import { withLimit } from '../index.js';
import { mergeRequests, renderAllowingStandIns } from './render.js';
import type { Answers, IntrospectionRequest } from './requests.js';

export interface RerenderOptions {
  dialect: CompileDialect;
  env?: Record<string, string | undefined>;
  generatedAt?: string;
  invocationId?: string;
  /** dbt --empty, as the compile was given it. */
  empty?: boolean;
}

export interface PendingRequest {
  /** As the template asked it: the answer is stored under requestKey(asked). */
  asked: IntrospectionRequest;
  /** With relations filled in: what to run. */
  runnable: IntrospectionRequest;
}

export interface Rerendered {
  /** The node with compiled_code (and compiled_incremental_code) from this render. */
  node: ExecutableNode;
  /** What this render asked that `answers` did not cover. */
  pending: PendingRequest[];
  /** Failed answers this render used (its SQL is then built on a stand-in). */
  answerErrors: string[];
  /** The render failed once it used a stand-in answer. */
  error?: string;
}

interface Session {
  jinja: DbtJinja;
  finalize(code: string): string;
}

const sessions = new WeakMap<Manifest, Session>();

export function renderWithAnswers(project: LoadedProject, manifest: Manifest, uniqueId: string, answers: Answers, options: RerenderOptions): Rerendered {
  const node = manifest.nodes[uniqueId];
  if (!node || node.resource_type === 'seed') throw new ProjectError(`renderWithAnswers: ${uniqueId} is not a model or test of this manifest`);
  const { jinja, finalize } = sessionFor(project, manifest, options);
  const base: RenderInput = { uniqueId, name: node.name, resourceType: node.resource_type, file: node.original_file_path, text: node.raw_code, fqn: node.fqn, config: node.config, incremental: false, answers };
  const outs: RenderOutput[] = [renderAllowingStandIns(jinja.render, base)];
  const updated = { ...node } as ModelNode | TestNode;
  // A singular test's SQL is trimmed of its `;` and limited as compile does it.
  updated.compiled_code = updated.resource_type === 'test' ? withLimit(finalize(outs[0]!.code).trim().replace(/;+\s*$/, ''), updated.config.limit) : finalize(outs[0]!.code);
  if (updated.resource_type === 'model' && updated.compiled_incremental_code !== undefined) {
    outs.push(renderAllowingStandIns(jinja.render, { ...base, incremental: true }));
    updated.compiled_incremental_code = finalize(outs[1]!.code);
  }
  // As dbt: a ref() only reached with data cannot order the DAG, which was planned before any data was read.
  for (const out of outs) {
    const unknown = out.dependsOn.find((id) => !node.depends_on.nodes.includes(id));
    if (unknown) {
      const name = unknown.split('.').pop();
      throw new ProjectError(`${node.name} refs '${name}' only once the warehouse has answered, so the run could not order it after '${name}'`, {
        location: { file: node.original_file_path },
        hint: `Add a line the compile always sees, e.g. \`-- depends_on: {{ ref('${name}') }}\`, at the top of the model.`,
      });
    }
  }
  const asked = mergeRequests(...outs.map((out) => out.requests)) ?? [];
  return {
    node: updated,
    pending: asked.map((request) => ({ asked: request, runnable: request.kind === 'query' ? { ...request, sql: finalize(request.sql).trim() } : request })),
    answerErrors: outs.flatMap((out) => out.answerErrors ?? []),
    ...(outs.find((out) => out.deferredError !== undefined) ? { error: outs.find((out) => out.deferredError !== undefined)!.deferredError } : {}),
  };
}

function sessionFor(project: LoadedProject, manifest: Manifest, options: RerenderOptions): Session {
  const known = sessions.get(manifest);
  if (known) return known;
  const projectName = manifest.metadata.project_name;
  const byName = new Map<string, string>();
  for (const node of Object.values(manifest.nodes)) if (node.resource_type !== 'test' && !byName.has(node.name)) byName.set(node.name, node.unique_id);
  const sourceIds = new Map(Object.values(manifest.sources).map((source) => [`${source.source_name}.${source.name}`, source.unique_id]));
  const docs = new Map(Object.values(manifest.docs).map((doc) => [doc.name, doc.block_contents]));
  const jinja = createDbtJinja({
    projectName,
    dialect: options.dialect,
    target: project.target,
    vars: manifest.vars,
    env: options.env ?? {},
    generatedAt: options.generatedAt ?? manifest.metadata.generated_at,
    invocationId: options.invocationId ?? manifest.metadata.invocation_id ?? '',
    resolver: {
      ref: (name, pkg) => (pkg && pkg !== projectName ? undefined : byName.get(name)),
      refNames: () => [...byName.keys()],
      source: (s, t) => sourceIds.get(`${s}.${t}`),
      sourceNames: () => [...sourceIds.keys()],
      estimate: (id) => manifest.nodes[id]?.relation ?? manifest.sources[id]!.relation,
      doc: (name) => docs.get(name),
      docNames: () => [...docs.keys()],
    },
  });
  for (const file of macroSourcesOf(project, classifyFiles(project.files, project.config).macros)) jinja.registerMacros(file.path, file.contents, file.pkg);
  // At execution dbt's graph is complete: the compiled manifest is it.
  jinja.setGraph(() => graphVariable({ nodes: manifest.nodes, sources: manifest.sources, macros: manifest.macros, projectName, renderRelation: (relation) => options.dialect.renderRelation(relation) }));
  // finalizeCode inlines ephemeral parents from their renders; the manifest's compiled_code of an ephemeral is
  // that render with its own relations already filled in, which is what the CTE needs.
  const byId = new Map<string, Stub>();
  const renders = new Map<string, CachedRender>();
  for (const node of Object.values(manifest.nodes)) {
    if (node.resource_type !== 'model') continue;
    byId.set(node.unique_id, { name: node.name, config: node.config as NodeConfig } as Stub);
    if (node.config.materialized === 'ephemeral') renders.set(node.unique_id, { code: node.compiled_code } as CachedRender);
  }
  const relationText = (id: string): string => {
    const node = manifest.nodes[id];
    if (node) return options.dialect.renderRelation(node.relation);
    const source = manifest.sources[id]!;
    return source.relation_name ?? options.dialect.renderRelation(source.relation);
  };
  const session: Session = { jinja, finalize: (code) => finalizeCode(code, { byId, renders, relationText, empty: options.empty === true }) };
  sessions.set(manifest, session);
  return session;
}
