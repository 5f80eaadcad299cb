// The programmatic face of the runner: what the CLI commands, `clv demo` and the webhook listener call.
// Each function loads + compiles the project, plans the command and (except compile/ls) executes it,
// writing the same artifacts as the CLI. Failures of nodes are data in `results`; project and usage
// problems throw ProjectError/UsageError.
import { createHash, randomUUID } from 'node:crypto';
import { getAdapter } from './adapters/index.js';
import type { Adapter, Warehouse } from './adapters/adapter.js';
import { writeCompileArtifacts, writeRunArtifacts } from './artifacts/write.js';
import { compile as compileManifest, compileInputKey } from './compile/index.js';
import type { AnyNode, Manifest, RelationRef, ResourceType, TestNode } from './manifest.js';
import { plan as planNodes, type Command, type Plan } from './plan/index.js';
import type { IndirectSelection } from './plan/types.js';
import { loadProject } from './project/load.js';
import type { LoadedProject } from './project/types.js';
import { FAILED, type RunEvent, type RunResults } from './run/types.js';
import { cacheDir, readCompileCache, readUnitTestCache, writeCompileCache, writeUnitTestCache } from './project/cache-io.js';
import { compileUnitTests, readFixtures, withUnitTestNodes } from './unit-tests/index.js';
import { openRunWarehouses } from './unit-tests/engine.js';
import { UsageError } from './errors.js';
import { deferTo } from './state/defer.js';
import { withMacroSource } from './state/macros.js';
import { readState } from './state/read.js';
import type { OpenLineageConfig } from './lineage/openlineage-config.js';
import { projectIntrospection, withRenderedNodes } from './run/introspect-project.js';

export interface InvocationOptions {
  /** Project root; default process.cwd(). */
  projectDir?: string;
  target?: string;
  /** Artifacts folder over the project's `target-path` (--target-path). */
  targetPath?: string;
  vars?: Record<string, unknown>;
  select?: string[];
  exclude?: string[];
  selector?: string;
  resourceTypes?: ResourceType[];
  /** --store-failures: every data test keeps its failing rows, as if configured store_failures: true. */
  storeFailures?: boolean;
  /** How tests of selected nodes join the selection (dbt's --indirect-selection; default eager). */
  indirectSelection?: IndirectSelection;
  fullRefresh?: boolean;
  /** dbt --empty: refs and sources render as zero-row selects (compile option; part of the cache key). */
  empty?: boolean;
  /** Default: the target's threads. */
  threads?: number;
  failFast?: boolean;
  onEvent?: (event: RunEvent, manifest: Manifest) => void;
  /** Loader warnings (dbt keys without effect here, ...). */
  onWarning?: (message: string) => void;
  /** log()/print() output of templates. */
  onLog?: (line: string) => void;
  /** Recorded as `args` in run_results.json. */
  args?: Record<string, unknown>;
  /** clv framework hook: plan from the compiled manifest instead of the selection (retry, state:, unit tests). */
  planner?: (manifest: Manifest, compiled: CompiledProject) => Plan;
  /** clv framework (slim CI): folder with a previous manifest.json, for state: selectors and --defer. */
  state?: string;
  /** clv framework: refs to unselected nodes missing from the target read the --state manifest's relations. */
  defer?: boolean;
  /** compile: render the selected nodes whose templates read the warehouse (run_query, get_column_values...)
   * with its answers; opens the target only when there are such nodes. Runs always do. */
  introspect?: boolean;
  /** clv lineage: emit OpenLineage RunEvents of the executed models and seeds (see lineage/openlineage-config.ts). */
  openLineage?: OpenLineageConfig;
}

export interface CompiledProject {
  project: LoadedProject;
  adapter: Adapter;
  manifest: Manifest;
  /** manifest.json, target/compiled/** and the compile cache, written in the background while a run
   * executes; settled before any public function returns. */
  written: Promise<unknown>;
  /** clv framework: the --state manifest, read before this compile wrote its own. */
  previous?: Manifest;
}

export interface InvocationResult extends CompiledProject {
  plan: Plan;
  results: RunResults;
  /** No node ended error or fail. */
  success: boolean;
}

/** Load, compile (reusing the content-hash cache) and start writing manifest.json + target/compiled/**. */
export async function compileProject(options: InvocationOptions = {}): Promise<CompiledProject> {
  // clv framework hook (slim CI): read --state first, so `--state target` compares with the last run.
  if (options.defer && !options.state) throw new UsageError('--defer needs --state <dir>: the manifest whose relations unselected refs resolve to.', { hint: 'e.g. clv build --select state:modified+ --defer --state prod-artifacts' });
  const previous = options.state ? await readState(options.state) : undefined;
  const project = await loadProject(options.projectDir ?? process.cwd(), { target: options.target, vars: options.vars, targetPath: options.targetPath });
  for (const warning of project.warnings) options.onWarning?.(warning);
  const adapter = getAdapter(project.target.type);
  const cacheFolder = cacheDir(project.root, project.config.targetPath);
  // An unchanged project (same files, config, vars) reuses the previous result without reading the per-node cache.
  const inputKey = compileInputKey(project, { dialect: adapter.dialect, vars: options.vars, empty: options.empty });
  const cache = await readCompileCache(cacheFolder, { inputKey });
  const { manifest: compiledManifest, cache: nextCache, warnings, logs } = compileManifest(project, {
    dialect: adapter.dialect,
    vars: options.vars,
    empty: options.empty,
    cache,
    env: process.env,
    generatedAt: new Date().toISOString(),
    invocationId: randomUUID(),
  });
  // compile() repeats the loader's warnings in its own list; report each once.
  for (const warning of warnings) if (!project.warnings.includes(warning)) options.onWarning?.(warning);
  for (const line of logs) options.onLog?.(line);
  // clv framework hook: unit tests of models (`unit_tests:` in YAML) become test nodes; an unchanged project
  // (same input key, same fixtures) reuses the previous ones.
  const fixtures = await readFixtures(project);
  // the env_var()s the manifest's models read are outside the input key: their digests key the unit tests too
  const unitKey = createHash('sha256').update(inputKey).update(JSON.stringify(fixtures)).update(JSON.stringify(nextCache.result?.envVars ?? {})).digest('hex');
  let unitTests = readUnitTestCache<TestNode>(cacheFolder, unitKey, process.env);
  let unitTestsWrite: Promise<void> | undefined;
  if (!unitTests) {
    const compiled = compileUnitTests(project, compiledManifest, fixtures, { dialect: adapter.dialect, vars: options.vars, cache: nextCache, env: process.env });
    unitTests = compiled.tests;
    unitTestsWrite = writeUnitTestCache(cacheFolder, unitKey, unitTests, compiled.envNames, process.env);
  }
  const manifest = withMacroSource(withUnitTestNodes(compiledManifest, unitTests), project.files); // clv framework hook: per-macro text for state:modified.macros
  const written = Promise.all([
    writeCompileArtifacts(project.root, project.config.targetPath, manifest),
    writeCompileCache(cacheFolder, nextCache),
    unitTestsWrite,
  ]);
  written.catch(() => {}); // awaited (and its error surfaced) by the caller; never an unhandled rejection
  return { project, adapter, manifest, written, ...(previous ? { previous } : {}) };
}

export function planFor(manifest: Manifest, command: Command, options: InvocationOptions, previous?: Manifest): Plan {
  return planNodes(manifest, {
    command,
    selection: { select: options.select, exclude: options.exclude, selector: options.selector, resourceTypes: options.resourceTypes, indirectSelection: options.indirectSelection, state: previous },
    fullRefresh: options.fullRefresh,
  });
}

export async function compile(options: InvocationOptions = {}): Promise<CompiledProject & { plan: Plan }> {
  const compiled = await compileProject(options);
  await compiled.written;
  const plan = planFor(compiled.manifest, 'compile', options, compiled.previous);
  if (!options.introspect) return { ...compiled, plan };
  // clv: selected nodes whose templates read the warehouse are rendered with its answers, as dbt compile does.
  const { compileWithAnswers } = await import('./run/introspect-compile.js');
  const manifest = await compileWithAnswers({ ...compiled, selected: plan.nodes.map((p) => p.uniqueId), onWarning: options.onWarning });
  return { ...compiled, manifest, plan };
}

/** Selected nodes in DAG order, for `ls`. */
export async function list(options: InvocationOptions = {}): Promise<CompiledProject & { nodes: AnyNode[] }> {
  const compiled = await compileProject(options);
  await compiled.written;
  const { manifest } = compiled;
  const selected = planFor(manifest, 'ls', options, compiled.previous).selected;
  const nodes: AnyNode[] = [];
  for (const id of selected) {
    const node: AnyNode | undefined = manifest.nodes[id] ?? manifest.sources[id];
    if (node) nodes.push(node);
  }
  return { ...compiled, nodes };
}

async function invoke(command: 'run' | 'test' | 'seed' | 'snapshot' | 'build', options: InvocationOptions): Promise<InvocationResult> {
  const compiled = await compileProject(options);
  const { project, adapter, manifest } = compiled;
  const plan = options.planner ? options.planner(manifest, compiled) : planFor(manifest, command, options, compiled.previous); // clv framework hook
  const threads = options.threads ?? project.target.threads ?? 1;
  // clv framework hook: unit tests run on their own in-memory DuckDB; the target opens only if needed.
  const warehouses = await openRunWarehouses(adapter.dialect, plan, manifest.nodes, () => adapter.open(project.target, { projectRoot: project.root, threads }), threads);
  const warehouse = warehouses.target;
  // clv lineage hook: loaded only when a transport is configured.
  const lineage = options.openLineage && await (await import('./lineage/run.js')).startOpenLineage(options.openLineage, { manifest, command, projectRoot: project.root, targetPath: project.config.targetPath, target: project.target });
  const printEvent = options.onEvent && ((event: RunEvent) => options.onEvent!(event, manifest));
  let results: RunResults;
  // Nodes whose templates read the warehouse are rendered again right before they run (run/introspect.ts).
  const deferredRelations: Record<string, RelationRef> = {};
  const introspection = projectIntrospection(project, { dialect: adapter.dialect, env: process.env, generatedAt: manifest.metadata.generated_at, invocationId: manifest.metadata.invocation_id, empty: options.empty, deferred: deferredRelations });
  try {
    // clv framework hook (--defer): unselected parents the target lacks are read from the --state relations.
    const deferral = options.defer && compiled.previous ? await deferTo(warehouse, manifest, plan, compiled.previous) : undefined;
    Object.assign(deferredRelations, deferral?.deferred);
    const deferred = deferral?.manifest ?? manifest;
    const runManifest = options.storeFailures ? storingFailures(deferred) : deferred;
    await runHooks(warehouse, manifest.run_hooks?.start ?? []);
    // Loaded here: `clv compile`/`ls` never run nodes (the TypeScript-model runner brings esbuild along).
    const { execute } = await import('./run/execute.js');
    results = await execute(warehouse, runManifest, plan, {
      introspect: introspection.introspect,
      threads,
      fullRefresh: options.fullRefresh,
      failFast: options.failFast,
      projectRoot: project.root,
      targetPath: project.config.targetPath,
      onEvent: lineage ? (event) => { lineage.onEvent(event); printEvent?.(event); } : printEvent,
      warehouseFor: warehouses.warehouseFor,
    });
    await runHooks(warehouse, manifest.run_hooks?.end ?? []);
  } finally {
    await warehouses.close();
    for (const warning of (await lineage?.close()) ?? []) options.onWarning?.(warning); // flushes the queued events
  }
  await compiled.written;
  const ran = withRenderedNodes(manifest, introspection.rendered);
  if (ran !== manifest) await writeCompileArtifacts(project.root, project.config.targetPath, ran, new Set(introspection.rendered.keys())); // the SQL that ran
  await writeRunArtifacts(project.root, project.config.targetPath, ran, results, {
    adapterType: adapter.type,
    args: { which: command, ...(options.args ?? {}) },
  });
  const success = results.results.every((r) => !FAILED.has(r.status)); // 'partial success' fails too, as in dbt
  return { ...compiled, manifest: ran, plan, results, success };
}

/** The manifest with store_failures on for every data test (unit tests compare rows; they store none). */
function storingFailures(manifest: Manifest): Manifest {
  const nodes = { ...manifest.nodes };
  for (const [id, node] of Object.entries(nodes)) {
    if (node.resource_type === 'test' && !node.unit_test) nodes[id] = { ...node, config: { ...node.config, store_failures: true } };
  }
  return { ...manifest, nodes };
}

/** dbt's on-run-start / on-run-end: on one target connection, in order; a failure stops the invocation. */
async function runHooks(warehouse: Warehouse, statements: string[]): Promise<void> {
  if (statements.length === 0) return;
  const connection = await warehouse.acquire();
  try {
    for (const sql of statements) await connection.execute(sql);
  } finally {
    warehouse.release(connection);
  }
}

export const run = (options: InvocationOptions = {}) => invoke('run', options);
export const test = (options: InvocationOptions = {}) => invoke('test', options);
export const seed = (options: InvocationOptions = {}) => invoke('seed', options);
export const build = (options: InvocationOptions = {}) => invoke('build', options);
export const snapshot = (options: InvocationOptions = {}) => invoke('snapshot', options);
/** clv framework hook: run a command with a caller-made plan (retry). */
export const invokeCommand = invoke;
