// compile(project) → manifest. Pure: the loaded files go in, plain data comes out; no disk, no network,
// no clock (generated_at is passed in). Stages: index files → stub nodes → render models (cached) →
// final configs and relations → substitute ref/source placeholders and inline ephemerals → tests → graph.
import { createHash } from 'node:crypto';
import { ProjectError } from '../errors.js';
import type { DocBlock, Manifest, MacroInfo, ModelNode, SeedNode, SourceNode, TargetInfo, TestNode, ExecutableNode, NodeConfig, CompiledHooks } from '../manifest.js';
import type { LoadedProject } from '../project/types.js';
import { CACHE_VERSION, emptyCache, usableCache, type CachedRender, type CachedTest, type CompileCache } from './cache.js';
import { classifyFiles } from './classify.js';
import { mergeConfig, withDefaults } from './config.js';
import { parseDocs } from './docs.js';
import { hookTexts } from './hooks.js';
import { bundledPackageMacros } from './packages/index.js';
import { assertAcyclic, buildMaps } from './graph.js';
import { sha256, stableJson, valueDigest } from './hash.js';
import { createDbtJinja, type CompileDialect, type DbtJinja, type RenderInput } from './jinja/context.js';
import { relationFor, type NamingMacro } from './relations.js';
import { lazilyPacked, unpackManifest } from './result-pack.js';
import { parseSchemaFiles } from './schema-yml.js';
import { columnsOf, modelStubs, sourceNodes, type Stub } from './stubs.js';
import { finalizeCode } from './substitute.js';
import { genericTestDefs, renderBuiltinTest, renderGenericTest, testConfig, testConfigResolver, testKeys, type GenericTestDef, type TestTarget } from './tests.js';
import { builtinTestApplies } from './generic-tests/direct.js';
import { RELATION_HOLE, instantiate, sentinelDef, shapeFor, shapeTemplate, type ShapeContext, type ShapeTemplate } from './generic-tests/shapes.js';
import { placeholder } from './jinja/relation.js';
import { fqnFor } from './stubs.js';
import { isTypeScriptModelFile, renderTypeScriptModel } from './typescript-model.js';
import { introspectionMarker, mergeRequests, renderAllowingStandIns } from './introspection/render.js';
import { NO_ANSWERS } from './introspection/requests.js';
import { macroSourcesOf } from './macro-sources.js';
import { graphVariable, parseGraph } from './jinja/graph-variable.js';
import { analysisNodes } from './analyses.js';

export type { CompileCache } from './cache.js';
export type { CompileDialect } from './jinja/context.js';

export interface CompileOptions {
  dialect: CompileDialect;
  /** --vars; override project vars. */
  vars?: Record<string, unknown>;
  cache?: CompileCache;
  generatedAt?: string;
  invocationId?: string;
  /** Environment for env_var() in models (the loader's process.env); defaults to none. */
  env?: Record<string, string | undefined>;
  /** false: render every template through Nunjucks, skipping the fast paths (tests compare both). */
  fastPath?: boolean;
  /** dbt --empty: every ref() and source() in model and test code reads zero rows. */
  empty?: boolean;
}

export interface CompileResult {
  manifest: Manifest;
  cache: CompileCache;
  /** Non-fatal problems (unused YAML entries, exceptions.warn()). */
  warnings: string[];
  /** log()/print() output from templates, prefixed with the file. */
  logs: string[];
}

const SECRET_KEY = /pass|secret|token|private|key|auth|credential/i;

export function compile(project: LoadedProject, options: CompileOptions): CompileResult {
  const { config, target } = project;
  const projectName = config.name;
  const vars = { ...config.vars, ...(options.vars ?? {}) };
  const previous = usableCache(options.cache);
  const next = emptyCache();
  const warnings: string[] = [...project.warnings];
  const logs: string[] = [];
  const generatedAt = options.generatedAt ?? '1970-01-01T00:00:00.000Z';
  const invocationId = options.invocationId ?? '';
  const key = compileInputKey(project, options);
  const reusable = previous.result;
  if (reusable && reusable.key === key && stillValid({ vars: {}, envVars: reusable.envVars } as unknown as CachedRender, vars, options.env ?? {})) {
    const stored = unpackManifest(reusable.manifest, project.files);
    const manifest = { ...stored, metadata: { ...stored.metadata, generated_at: generatedAt, ...(invocationId ? { invocation_id: invocationId } : {}) } };
    return { manifest, cache: previous, warnings: [...reusable.warnings], logs: [...reusable.logs] };
  }
  const files = classifyFiles(project.files, config);
  const docs = parseDocs(files.docs, projectName);
  const patches = parseSchemaFiles(files.schemaYaml, { unknownKeys: config.configFile === 'dbt_project.yml' ? 'warn' : 'error', warnings });
  const stubs = modelStubs(project, files.models, patches, sha256, warnings, files.snapshots);
  const byName = new Map(stubs.map((stub) => [stub.name, stub]));
  const byId = new Map(stubs.map((stub) => [stub.uniqueId, stub]));
  const docByName = new Map(Object.values(docs).map((doc) => [doc.name, doc.block_contents]));

  const macroFiles = files.macros;
  const macroSources = macroSourcesOf(project, macroFiles);
  const macroSetHash = sha256(stableJson(macroSources.map((file) => [file.pkg, file.path, file.contents])));
  const environmentHash = sha256(stableJson([CACHE_VERSION, options.dialect.name, target, projectName, macroSetHash]));

  let sources: Record<string, SourceNode> = {};
  const sourceIds = new Map<string, string>();
  let jinjaInstance: DbtJinja | undefined;
  const macroInfos: Record<string, MacroInfo> = {};
  // Macros are only set up when something must render: a fully cached compile never pays for them.
  const jinja = (): DbtJinja => {
    if (jinjaInstance) return jinjaInstance;
    const instance = createDbtJinja({
      projectName,
      dialect: options.dialect,
      target,
      vars,
      env: options.env ?? {},
      generatedAt,
      invocationId,
      templateCache: previous.templates,
      fastPath: options.fastPath,
      resolver: {
        ref: (name, pkg) => (pkg && pkg !== projectName ? undefined : byName.get(name)?.uniqueId),
        refNames: () => [...byName.keys()],
        source: (s, t) => sourceIds.get(`${s}.${t}`),
        sourceNames: () => [...sourceIds.keys()],
        estimate: (id, config) => (config ? undefined : byId.get(id)?.relation) ?? estimateRelation(id, config),
        doc: (name) => docByName.get(name),
        docNames: () => [...docByName.keys()],
      },
    });
    for (const file of macroSources) instance.registerMacros(file.path, file.contents, file.pkg);
    instance.setGraph(() => parseGraph({ sources, projectName, renderRelation: (relation) => options.dialect.renderRelation(relation) }));
    jinjaInstance = instance;
    return instance;
  };
  // A project's generate_schema_name & co (macros only: called lazily, so a cached compile starts no engine).
  const namingMacro = namingMacros(jinja, macroFiles.map((file) => file.contents).join('\n'));
  const estimateRelation = (id: string, config?: Record<string, unknown>) => {
    const stub = byId.get(id);
    if (stub) return relationFor({ name: stub.name, config: (config ?? stub.preConfig) as NodeConfig }, target, namingMacro?.(stub));
    const source = sources[id];
    if (source) return source.relation;
    throw new ProjectError(`unknown node ${id}`);
  };
  const describe = (text: string, file: string): string => {
    if (!text.includes('{{') && !text.includes('{%')) return text;
    // The common `{{ doc('name') }}` needs no template engine (keeps fully cached compiles engine-free).
    const onlyDoc = /^\s*\{\{\s*doc\(\s*['"]([A-Za-z_]\w*)['"]\s*\)\s*\}\}\s*$/.exec(text);
    if (onlyDoc && docByName.has(onlyDoc[1]!)) return docByName.get(onlyDoc[1]!)!;
    return jinja().renderString(text, file).trim();
  };

  sources = sourceNodes(project, patches, describe);
  for (const source of Object.values(sources)) sourceIds.set(`${source.source_name}.${source.name}`, source.unique_id);

  // Render every model once (twice when it calls is_incremental()), from the cache when nothing it reads changed.
  const renders = new Map<string, CachedRender>();
  for (const stub of stubs) {
    if (stub.resourceType !== 'model' || !stub.preConfig.enabled) continue;
    const key = sha256([environmentHash, stub.uniqueId, stub.file, stub.text, stableJson(stub.preConfig)].join('\u0000'));
    const hit = previous.renders[key];
    let render: CachedRender;
    if (hit && stillValid(hit, vars, options.env ?? {})) {
      render = hit;
      // Keep the compiled template too: a later macro change invalidates renders, not templates.
      const templateKey = sha256(stub.text);
      if (previous.templates[templateKey]) next.templates[templateKey] = previous.templates[templateKey]!;
    } else {
      const input: RenderInput = { ...renderInput(stub, false), graphIncomplete: true };
      // clv: TypeScript models are read statically, never rendered (runner/compile/typescript-model.ts).
      let out = isTypeScriptModelFile(stub.file)
        ? { ...renderTypeScriptModel({ file: stub.file, text: stub.text, projectName, vars, ref: (name) => byName.get(name)?.uniqueId, source: (s, t) => sourceIds.get(`${s}.${t}`) }), readRelations: {} }
        : firstRender(input);
      const finalConfig = mergeConfig(stub.preConfig, out.config);
      let incrementalCode: string | undefined;
      if (out.calledIsIncremental && finalConfig.materialized === 'incremental') ({ out, incrementalCode } = withIncrementalRender(out, input));
      const { readRelations, ...cacheable } = out;
      render = { ...cacheable, ...(incrementalCode !== undefined ? { incrementalCode } : {}) };
      if (Object.keys(readRelations).length > 0) {
        // The text used other nodes' schema/identifier: not cacheable, and checked after configs settle.
        (render as CachedRender & { volatile?: boolean }).volatile = true;
      }
    }
    // A render that read `graph` depends on every node: it is rendered again below, and not cached, since its
    // first render saw only the parse-time graph (whose sources are not part of the render key).
    if (!(render as { volatile?: boolean }).volatile && !render.readGraph) next.renders[key] = render;
    renders.set(stub.uniqueId, render);
    for (const line of render.logs) logs.push(`${stub.file}: ${line}`);
    stub.config = withDefaults('view', mergeConfig(stub.preConfig, render.config));
  }

  // Seeds too: dbt names a seed's schema with the project's generate_schema_name like a model's.
  for (const stub of stubs) {
    if ((stub.resourceType === 'model' || (stub.resourceType === 'seed' && namingMacro)) && stub.config) stub.relation = relationFor({ name: stub.name, config: stub.config }, target, namingMacro?.(stub));
  }
  // ref()s by name can only be checked against the current node set, which a cached render cannot know.
  for (const stub of stubs) {
    const render = renders.get(stub.uniqueId);
    for (const id of render?.dependsOn ?? []) {
      if (!byId.has(id) && !sources[id]) {
        const name = id.split('.').pop()!;
        const line = stub.text.split('\n').findIndex((text) => text.includes(`'${name}'`) || text.includes(`"${name}"`)) + 1;
        throw new ProjectError(`ref('${name}') does not match any model or seed`, { location: { file: stub.file, line: line || undefined } });
      }
      const target = byId.get(id);
      if (target && !target.preConfig.enabled) {
        throw new ProjectError(`${stub.name} refs '${target.name}', which is disabled (enabled: false)`, { location: { file: stub.file }, hint: `Enable ${target.name} or remove the ref.` });
      }
    }
  }

  const nodes: Record<string, ExecutableNode> = {};
  // Relations are final here; each is rendered once, not once per ref to it (tests ref their model too).
  const relationTexts = new Map<string, string>();
  const relationText = (id: string) => {
    let text = relationTexts.get(id);
    if (text === undefined) {
      const stub = byId.get(id);
      text = stub ? options.dialect.renderRelation(stub.relation!) : (sources[id]!.relation_name ?? options.dialect.renderRelation(sources[id]!.relation));
      relationTexts.set(id, text);
    }
    return text;
  };
  const finalize = (code: string) => finalizeCode(code, { byId, renders, relationText, empty: options.empty === true });
  // What read `graph` before it was complete, to render again once every node is known (see below).
  const graphReaders = { hooks: new Set<Stub>(), tests: [] as (() => void)[] };

  // Hooks render like the node's own SQL (its `this`, refs, macros); only nodes that have hooks pay for it.
  const compiledHooks = (stub: Stub): { compiled_hooks?: CompiledHooks } => {
    const config = (stub.config ?? stub.preConfig) as Record<string, unknown>;
    const [pre, post] = (['pre', 'post'] as const).map((when) => hookTexts(config, when));
    if (pre!.length === 0 && post!.length === 0) return {};
    // No answers: a hook reading the warehouse while compiling is an error that says so (jinja/introspection.ts).
    const renderHook = (text: string) => {
      const out = jinja().render({ ...renderInput(stub, false), text, answers: undefined });
      if (out.readGraph) graphReaders.hooks.add(stub);
      return finalize(out.code).trim();
    };
    return { compiled_hooks: { pre: pre!.map(renderHook), post: post!.map(renderHook) } };
  };
  for (const stub of stubs) {
    if (!stub.preConfig.enabled) continue;
    const describeHere = (text: string) => describe(text, stub.patch?.file ?? stub.file);
    const entry = stub.patch?.entry;
    const base = {
      unique_id: stub.uniqueId,
      name: stub.name,
      package_name: projectName,
      original_file_path: stub.file,
      fqn: stub.fqn,
      description: describeHere(String(entry?.description ?? '')),
      tags: (stub.config ?? stub.preConfig).tags,
      meta: ((stub.config ?? stub.preConfig).meta as Record<string, unknown>) ?? {},
      checksum: stub.checksum,
      ...(stub.patch ? { patch_path: stub.patch.file } : {}),
    };
    if (stub.resourceType === 'seed') {
      const columnTypes = (stub.preConfig.column_types as Record<string, string> | undefined) ?? {};
      const columns = columnsOf(entry, describeHere, stub.seed!.header);
      const seed: SeedNode = { ...base, resource_type: 'seed', config: { ...stub.preConfig, column_types: columnTypes }, depends_on: { nodes: [], macros: [] }, relation: stub.relation!, columns, seed_path: stub.seed!.absolutePath, ...compiledHooks(stub) };
      nodes[stub.uniqueId] = seed;
      continue;
    }
    const render = renders.get(stub.uniqueId)!;
    const model: ModelNode = {
      ...base,
      resource_type: 'model',
      language: isTypeScriptModelFile(stub.file) ? 'typescript' : 'sql', // clv: TypeScript models
      raw_code: stub.text,
      compiled_code: finalize(render.code),
      ...(render.incrementalCode !== undefined ? { compiled_incremental_code: finalize(render.incrementalCode) } : {}),
      config: stub.config!,
      depends_on: { nodes: render.dependsOn, macros: render.macros },
      relation: stub.relation!,
      refs: render.refs,
      sources: render.sources,
      columns: columnsOf(entry, describeHere),
      vars_used: Object.keys(render.vars),
      ...compiledHooks(stub),
      ...introspectionMarker([render], finalize),
    };
    nodes[stub.uniqueId] = model;
  }

  // Volatile renders read other nodes' relations before those were final; re-render the few that guessed wrong.
  for (const stub of stubs) {
    const render = renders.get(stub.uniqueId) as (CachedRender & { volatile?: boolean }) | undefined;
    if (!render?.volatile) continue;
    const out = renderAllowingStandIns(jinja().render, renderInput(stub, false));
    const model = nodes[stub.uniqueId] as ModelNode;
    model.compiled_code = finalize(out.code);
    const incremental = model.compiled_incremental_code !== undefined ? renderAllowingStandIns(jinja().render, renderInput(stub, true)) : undefined;
    if (incremental) model.compiled_incremental_code = finalize(incremental.code);
    // Ephemeral models are inlined from `renders`: keep it in step with the SQL just rendered.
    renders.set(stub.uniqueId, { ...render, code: out.code, ...(incremental ? { incrementalCode: incremental.code } : {}) });
    const marker = introspectionMarker(incremental ? [out, incremental] : [out], finalize).introspection;
    if (marker) model.introspection = marker;
  }

  compileTests();
  // Listed from the macro files' text, so a fully cached compile (no engine started) lists the same macros.
  for (const file of macroSources) {
    const checksum = sha256(file.contents);
    for (const match of file.contents.matchAll(/\{%-?\s*(macro|test)\s+([A-Za-z_]\w*)/g)) {
      const name = match[1] === 'test' ? `test_${match[2]}` : match[2]!;
      const uniqueId = `macro.${file.pkg}.${name}`;
      macroInfos[uniqueId] = { unique_id: uniqueId, name, original_file_path: file.path, checksum };
    }
    // Keep macro templates cached for the next compile that does start the engine.
    const key = sha256(file.contents);
    if (previous.templates[key]) next.templates[key] = previous.templates[key]!;
  }

  // Analyses after every model and test: nothing refs them, and they see final relations.
  const analyses = analysisNodes(files.analyses, {
    projectName,
    paths: config.analysisPaths ?? [],
    render: (input) => renderAllowingStandIns(jinja().render, input),
    firstRender,
    cached: (renderKey) => {
      const hit = previous.renders[renderKey];
      return hit && stillValid(hit, vars, options.env ?? {}) ? hit : undefined;
    },
    store: (renderKey, render) => {
      next.renders[renderKey] = render;
    },
    renderKey: (parts) => sha256([environmentHash, ...parts].join('\u0000')),
    checksum: sha256,
    finalize,
    relation: (name, nodeConfig) => relationFor({ name, config: nodeConfig }, target, undefined),
  });
  for (const analysis of analyses.nodes) nodes[analysis.unique_id] = analysis;

  // dbt's graph is complete at execution: every node whose text (or hooks) read it during the first render is
  // rendered again now, all against the same graph, built from the first renders (never from compiled SQL), so
  // the result does not depend on which node renders first.
  const modelGraphReaders = stubs.filter((stub) => renders.get(stub.uniqueId)?.readGraph && nodes[stub.uniqueId]);
  if (jinjaInstance) {
    let complete: ReturnType<typeof graphVariable> | undefined;
    const completeGraph = () => (complete ??= graphVariable({ nodes, sources, macros: macroInfos, projectName, renderRelation: (relation) => options.dialect.renderRelation(relation) }));
    // Built before the first re-render changes a node (a reader need not read graph again); with no readers,
    // nothing changes below and only a run hook may ask for it.
    if (modelGraphReaders.length || graphReaders.hooks.size || graphReaders.tests.length || analyses.graphReaders.length) completeGraph();
    jinjaInstance.setGraph(completeGraph);
  }
  for (const stub of modelGraphReaders) rerenderWithGraph(stub);
  if (modelGraphReaders.some((stub) => stub.config?.materialized === 'ephemeral')) {
    // Their SQL is inlined where they are ref'd: refresh every model that may have inlined the first render.
    for (const node of Object.values(nodes)) {
      if (node.resource_type !== 'model') continue;
      const render = renders.get(node.unique_id);
      if (!render) continue;
      node.compiled_code = finalize(render.code);
      if (render.incrementalCode !== undefined) node.compiled_incremental_code = finalize(render.incrementalCode);
    }
  }
  for (const stub of graphReaders.hooks) Object.assign(nodes[stub.uniqueId]!, compiledHooks(stub));
  for (const again of graphReaders.tests) again();
  for (const again of analyses.graphReaders) again();


  const parents: Record<string, string[]> = {};
  // Tests cannot be part of a cycle (nothing depends on them): checked without them, in the same order.
  const untested: Record<string, string[]> = {};
  for (const node of Object.values(nodes)) {
    const ups = (parents[node.unique_id] = [...node.depends_on.nodes]);
    if (!node.unique_id.startsWith('test.')) untested[node.unique_id] = ups;
  }
  for (const id of Object.keys(sources)) parents[id] = untested[id] = [];
  assertAcyclic(untested, (id) => byId.get(id)?.file);
  const { parent_map, child_map } = buildMaps(parents);

  for (const file of files.singularTests) {
    const key = sha256(file.contents);
    if (previous.templates[key]) next.templates[key] = previous.templates[key]!;
  }
  const runHooks = renderRunHooks();
  if (jinjaInstance) {
    warnings.push(...jinjaInstance.warnings);
    Object.assign(next.templates, jinjaInstance.templates.used);
  }

  const manifest: Manifest = {
    metadata: { project_name: projectName, generated_at: generatedAt, adapter_type: options.dialect.name, target_name: target.name, ...(invocationId ? { invocation_id: invocationId } : {}) },
    nodes,
    sources,
    macros: macroInfos,
    docs: docs as Record<string, DocBlock>,
    parent_map,
    child_map,
    vars,
    target: publicTarget(target),
    ...(runHooks ? { run_hooks: runHooks } : {}),
  };
  const envVars: Record<string, string> = {};
  for (const render of renders.values()) Object.assign(envVars, render.envVars);
  next.result = lazilyPacked({ key, envVars, warnings, logs }, manifest, project.files);
  return { manifest, cache: next, warnings, logs };

  /** dbt's on-run-start / on-run-end, rendered once with the project's schemas as `schemas`. */
  function renderRunHooks(): { start: string[]; end: string[] } | undefined {
    if (!config.onRunStart?.length && !config.onRunEnd?.length) return undefined;
    const schemas = [...new Set(Object.values(nodes).filter((node) => node.resource_type !== 'test').map((node) => node.relation.schema))].sort();
    const prelude = `{% set schemas = ${JSON.stringify(schemas)} %}{% set results = [] %}`;
    const render = (text: string) => finalize(jinja().renderString(prelude + text, config.configFile)).trim();
    return { start: (config.onRunStart ?? []).map(render).filter(Boolean), end: (config.onRunEnd ?? []).map(render).filter(Boolean) };
  }

  /** The model's is_incremental() branch rendered too, what it read merged into the first render's record. */
  function withIncrementalRender(out: ReturnType<typeof renderAllowingStandIns>, input: RenderInput): { out: ReturnType<typeof renderAllowingStandIns>; incrementalCode: string } {
    const incremental = renderAllowingStandIns(jinja().render, { ...input, incremental: true });
    // What only the is_incremental() branch reads (a lookback var, a date macro) must invalidate the
    // cached render and count for state:modified like the rest of the model.
    const merged = {
      ...out,
      vars: { ...out.vars, ...incremental.vars },
      envVars: { ...out.envVars, ...incremental.envVars },
      macros: [...new Set([...out.macros, ...incremental.macros])],
      readRelations: { ...out.readRelations, ...incremental.readRelations },
      ...(out.readGraph || incremental.readGraph ? { readGraph: true } : {}),
      ...(incremental.requests || out.requests ? { requests: mergeRequests(out.requests, incremental.requests) } : {}),
      ...(out.deferredError ?? incremental.deferredError ? { deferredError: out.deferredError ?? incremental.deferredError } : {}),
    };
    return { out: merged, incrementalCode: incremental.code };
  }

  /** A model that read `graph`, rendered against the complete graph; its config stays the first render's (dbt
   * fixes config at parse time), its SQL, refs and dependencies are this render's. */
  function rerenderWithGraph(stub: Stub): void {
    const first = renders.get(stub.uniqueId)!;
    const input = renderInput(stub, false);
    let out = renderAllowingStandIns(jinja().render, input);
    let incrementalCode: string | undefined;
    if (first.incrementalCode !== undefined) ({ out, incrementalCode } = withIncrementalRender(out, input));
    const { readRelations: _final, ...rest } = out;
    renders.set(stub.uniqueId, { ...rest, config: first.config, ...(incrementalCode !== undefined ? { incrementalCode } : {}) });
    const model = nodes[stub.uniqueId] as ModelNode;
    model.compiled_code = finalize(out.code);
    if (incrementalCode !== undefined) model.compiled_incremental_code = finalize(incrementalCode);
    model.depends_on = { nodes: out.dependsOn, macros: out.macros };
    model.refs = out.refs;
    model.sources = out.sources;
    model.vars_used = Object.keys(out.vars);
    const marker = introspectionMarker(incrementalCode !== undefined ? [out, { ...out, code: incrementalCode }] : [out], finalize).introspection;
    if (marker) model.introspection = marker;
  }

  /** A render before the graph is complete. One that fails after reading `graph` is rendered as dbt parses
   * (execute false) for its config and refs, and renders again once the graph is complete, where a failure
   * that remains is reported. */
  function firstRender(input: RenderInput): ReturnType<typeof renderAllowingStandIns> {
    const out = renderAllowingStandIns(jinja().render, { ...input, graphIncomplete: true });
    if (out.graphError === undefined) return out;
    const parsed = jinja().render({ ...input, graphIncomplete: true, execute: false });
    const { graphError: _waits, ...kept } = parsed.graphError === undefined ? parsed : out;
    return { ...kept, readGraph: true };
  }

  function renderInput(stub: Stub, incremental: boolean): RenderInput {
    return { uniqueId: stub.uniqueId, name: stub.name, resourceType: stub.resourceType, file: stub.file, text: stub.text, fqn: stub.fqn, config: stub.preConfig, incremental, answers: NO_ANSWERS };
  }

  function compileTests(): void {
    const testsTree = config.tests;
    // Thousands of tests share a few definitions (`unique` on `id`...): hash each distinct one once.
    const checksums = new Map<string, string>();
    const checksumOf = (text: string) => {
      let checksum = checksums.get(text);
      if (checksum === undefined) checksums.set(text, (checksum = sha256(text)));
      return checksum;
    };
    const configOf = testConfigResolver(testsTree, projectName);
    const targets: TestTarget[] = [];
    for (const stub of stubs) if (stub.patch && stub.preConfig.enabled) targets.push({ uniqueId: stub.uniqueId, name: stub.name, patch: stub.patch, fqn: [projectName, ...fqnFor(projectName, stub.patch.file, [...config.modelPaths, ...config.seedPaths]).slice(1, -1), stub.name] });
    for (const patch of patches.sources) {
      const id = `source.${projectName}.${String(patch.source.name)}.${String(patch.entry.name)}`;
      targets.push({ uniqueId: id, name: `source_${String(patch.source.name)}_${String(patch.entry.name)}`, patch, fqn: sources[id]!.fqn });
    }
    const shapeContext: ShapeContext = {
      projectName,
      builtin: (testName) => options.fastPath !== false && builtinTestApplies(testName, jinja().macros, options.dialect.name),
      ephemeral: (id) => byId.get(id)?.config?.materialized === 'ephemeral',
      configNamed: (name) => configOf.dependsOnName(name),
    };
    const sentinelNames = new Map<string, string>();
    const shapes = new Map<string, ShapeTemplate | null>();
    for (const targetNode of targets) {
      for (const def of genericTestDefs(targetNode)) {
        const shape = shapeFor(def, shapeContext, sentinelNames);
        const template = shape ? shapes.get(shape.key) : null;
        if (template) {
          const { uniqueId } = testKeys(projectName, def);
          const node = instantiate(template, def.attachedName, relationText(def.attachedId), uniqueId)! as unknown as TestNode;
          if (!node.config.enabled) continue;
          if (nodes[uniqueId]) duplicateTest(def);
          nodes[uniqueId] = node;
          continue;
        }
        const node = testNode(def);
        if (!node) continue;
        nodes[node.unique_id] = node;
        if (shape && template === undefined) {
          // The shape's first test: make its template from the sentinel model, checked against this node.
          const sentinel = testNode(sentinelDef(def, shape), RELATION_HOLE);
          shapes.set(shape.key, sentinel ? shapeTemplate(sentinel as unknown as Record<string, unknown>, { node: node as unknown as Record<string, unknown>, name: def.attachedName, relation: relationText(def.attachedId) }) : null);
        }
      }
    }

    /** A generic test's node, built the usual way; `sentinelRelation` for the sentinel model (shapes.ts). */
    function testNode(def: GenericTestDef, sentinelRelation?: string): TestNode | undefined {
      const testConfigResolved = configOf(def);
      if (!testConfigResolved.enabled) return undefined;
      const { uniqueId, checksumText } = testKeys(projectName, def);
      if (sentinelRelation === undefined && nodes[uniqueId]) duplicateTest(def);
      const input: RenderInput = { uniqueId, name: def.name, resourceType: 'test', file: def.file, text: '', fqn: def.fqn, config: testConfigResolved, incremental: false };
      // Built-in tests rendered directly cost less to redo than to key, store and read back.
      let rendered: CachedTest | undefined = options.fastPath === false ? undefined : renderBuiltinTest(jinja(), def, input, testConfigResolved, options.dialect.name);
      if (sentinelRelation !== undefined) {
        const code = rendered?.code.split(placeholder('R', def.attachedId)).join(sentinelRelation);
        if (!rendered || code === undefined || code.includes('\u0002')) return undefined;
        rendered = { ...rendered, code };
      } else if (!rendered) {
        const testKey = sha256(`${environmentHash}\u0000${stableJson([def.testName, def.namespace ?? null, def.attachedId, def.kwargs, testConfigResolved])}`);
        rendered = previous.tests[testKey] ?? renderGenericTest(jinja(), def, input, testConfigResolved);
        next.tests[testKey] = rendered;
      }
      const relation = relationFor({ name: def.name, config: testConfigResolved }, target, undefined);
      return {
        unique_id: uniqueId,
        resource_type: 'test',
        name: def.name,
        package_name: projectName,
        original_file_path: def.file,
        fqn: def.fqn,
        description: '',
        tags: testConfigResolved.tags,
        meta: (testConfigResolved.meta as Record<string, unknown>) ?? {},
        config: testConfigResolved,
        depends_on: { nodes: rendered.dependsOn, macros: rendered.macros },
        checksum: checksumOf(checksumText),
        raw_code: `{{ test_${def.testName}(**_dbt_generic_test_kwargs) }}`,
        compiled_code: withLimit(sentinelRelation === undefined ? finalize(rendered.code) : rendered.code, testConfigResolved.limit),
        test_metadata: { name: def.testName, ...(def.namespace ? { namespace: def.namespace } : {}), kwargs: { ...def.kwargs, model: `{{ get_where_subquery(${def.attachedId.startsWith('source.') ? `source('${def.attachedId.split('.')[2]}', '${def.attachedId.split('.')[3]}')` : `ref('${def.attachedName}')`}) }}` } },
        attached_node: def.attachedId,
        ...(def.columnName ? { column_name: def.columnName } : {}),
        relation,
      };
    }

    function duplicateTest(def: GenericTestDef): never {
      throw new ProjectError(`test '${def.name}' is declared twice on ${def.attachedName}`, { location: { file: def.file, line: def.line }, hint: 'Remove the duplicate, or give one a distinct `name:`.' });
    }
    for (const file of files.singularTests) {
      const name = file.path.split('/').pop()!.replace(/\.sql$/, '');
      const uniqueId = `test.${projectName}.${name}`;
      const fqn = fqnFor(projectName, file.path, config.testPaths);
      const preConfig = testConfig({ fqn, config: {} }, testsTree, projectName);
      const input: RenderInput = { uniqueId, name, resourceType: 'test', file: file.path, text: file.contents, fqn, config: preConfig, incremental: false, answers: NO_ANSWERS };
      const key = sha256([environmentHash, uniqueId, file.path, file.contents, stableJson(preConfig)].join('\u0000'));
      const hit = previous.renders[key];
      const out = hit && stillValid(hit, vars, options.env ?? {}) ? hit : firstRender(input);
      if (!out.readGraph && (!('readRelations' in out) || Object.keys(out.readRelations).length === 0)) {
        const { readRelations: _unused, ...cacheable } = out as CachedRender & { readRelations?: unknown };
        next.renders[key] = cacheable;
      }
      const finalConfig = testConfig({ fqn, config: out.config }, testsTree, projectName);
      if (!finalConfig.enabled) continue;
      nodes[uniqueId] = {
        unique_id: uniqueId,
        resource_type: 'test',
        name,
        package_name: projectName,
        original_file_path: file.path,
        fqn,
        description: '',
        tags: finalConfig.tags,
        meta: (finalConfig.meta as Record<string, unknown>) ?? {},
        config: finalConfig,
        depends_on: { nodes: out.dependsOn, macros: out.macros },
        checksum: sha256(file.contents),
        raw_code: file.contents,
        compiled_code: withLimit(finalize(out.code).trim().replace(/;+\s*$/, ''), finalConfig.limit),
        ...(out.dependsOn.length === 1 ? { attached_node: out.dependsOn[0] } : {}),
        relation: relationFor({ name, config: finalConfig }, target, undefined),
        ...introspectionMarker([out], finalize),
      };
      if (out.readGraph) {
        const node = nodes[uniqueId] as TestNode;
        graphReaders.tests.push(() => {
          const again = renderAllowingStandIns(jinja().render, input);
          node.compiled_code = withLimit(finalize(again.code).trim().replace(/;+\s*$/, ''), finalConfig.limit);
          node.depends_on = { nodes: again.dependsOn, macros: again.macros };
        });
      }
    }
  }
}

/**
 * Hash of everything compile reads except the environment (checked separately, by the names used). Pass it
 * to readCompileCache so an unchanged project skips reading the per-node cache at all.
 */
export function compileInputKey(project: LoadedProject, options: Pick<CompileOptions, 'dialect' | 'vars' | 'empty'>): string {
  const vars = { ...project.config.vars, ...(options.vars ?? {}) };
  // The caller keys readCompileCache with this, then compile needs it again: hashing every file twice was a
  // fifth of a warm compile. Remembered per loaded project (its files are read once and not edited in place),
  // for the same file list, dialect and vars.
  const fingerprint = stableJson([options.dialect.name, vars, options.empty === true]);
  const remembered = inputKeys.get(project);
  if (remembered && remembered.files === project.files && remembered.seeds === project.seeds && remembered.fingerprint === fingerprint) return remembered.key;
  const key = hashInputs(project, options, vars);
  inputKeys.set(project, { files: project.files, seeds: project.seeds, fingerprint, key });
  return key;
}

const inputKeys = new WeakMap<LoadedProject, { files: LoadedProject['files']; seeds: LoadedProject['seeds']; fingerprint: string; key: string }>();

function hashInputs(project: LoadedProject, options: Pick<CompileOptions, 'dialect' | 'vars' | 'empty'>, vars: Record<string, unknown>): string {
  const hash = createHash('sha256');
  hash.update(stableJson([CACHE_VERSION, options.dialect.name, project.config, project.target, vars, project.warnings, bundledPackageMacros(project.packages ?? []), options.empty === true]));
  // Each text fed on its own (the same bytes as their concatenation): joining path and contents first made a
  // copy of every file's text (~1,500 fresh memory pages for 5,000 models) and took twice as long.
  const feed = (...texts: string[]) => {
    for (const text of texts) hash.update('\u0000').update(text);
  };
  for (const file of project.packageMacros ?? []) feed(file.pkg, file.path, file.contents);
  for (const file of project.files) feed(file.path, file.contents);
  for (const seed of project.seeds) hash.update(`\u0000${seed.path}\u0000${seed.absolutePath}\u0000${seed.checksum}\u0000${seed.header.join(',')}`);
  return hash.digest('hex');
}

/** A test's SQL with its `limit` config applied (compile, and the runner's render with answers). */
export function withLimit(sql: string, limit: unknown): string {
  return limit === undefined || limit === null ? sql : `select * from (\n${sql}\n) dbt_internal_test\nlimit ${Number(limit)}`;
}

function stillValid(hit: CachedRender, vars: Record<string, unknown>, env: Record<string, string | undefined>): boolean {
  for (const [name, digest] of Object.entries(hit.vars)) if (valueDigest(name in vars ? vars[name] : undefined) !== digest) return false;
  for (const [name, digest] of Object.entries(hit.envVars)) if (valueDigest(env[name]) !== digest) return false;
  return true;
}

/** Project overrides of generate_schema_name & co, called through Jinja; absent => dbt's defaults in JS. */
function namingMacros(jinja: () => DbtJinja, macroText: string): ((stub: Stub) => NamingMacro) | undefined {
  if (!/generate_(schema|alias|database)_name/.test(macroText)) return undefined;
  return (stub) => (name, args) => {
    const instance = jinja();
    if (!instance.macros.get(name)?.meta.uniqueId?.startsWith('macro.') || instance.macros.get(name)?.meta.file?.startsWith('clv/')) return undefined;
    const input: RenderInput = { uniqueId: stub.uniqueId, name: stub.name, resourceType: stub.resourceType, file: stub.file, text: '', fqn: stub.fqn, config: stub.config ?? stub.preConfig, incremental: false };
    const node = { name: stub.name, unique_id: stub.uniqueId, fqn: stub.fqn, resource_type: stub.resourceType, original_file_path: stub.file, config: stub.config ?? stub.preConfig };
    return String(instance.callMacro(name, [args[0], node], input).value).trim();
  };
}

/** The target as recorded in manifest.json: no credentials. */
function publicTarget(target: LoadedProject['target']): TargetInfo {
  return Object.fromEntries(Object.entries(target).filter(([key]) => !SECRET_KEY.test(key))) as TargetInfo;
}
