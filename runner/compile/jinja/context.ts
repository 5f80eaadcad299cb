// The dbt Jinja environment: one Nunjucks Environment per compile whose globals (ref, source, config, var,
// this, target, adapter.dispatch, ...) read the node being rendered from a mutable `current` slot. Macro files
// run once; their macros become globals that see whichever node is rendering, as in dbt.
import nunjucks from 'nunjucks';
import { ProjectError } from '../../errors.js';
import type { NodeConfig, RelationRef } from '../../manifest.js';
import { didYouMean } from '../../project/closest.js';
import type { ResolvedTarget } from '../../project/types.js';
import { valueDigest } from '../hash.js';
import { mergeConfig } from '../config.js';
import { toProjectError } from './errors.js';
import { addFilters, helperGlobals } from './filters.js';
import { param, splitArgs } from './kwargs.js';
import { LiteralRelation, TemplateRelation, placeholder } from './relation.js';
import { PyDateTime } from './datetime.js';
import { pyModules } from './modules.js';
import { pySlice } from './python-operators.js';
import { createRuntime, type JinjaRuntime, type MacroMeta } from './runtime.js';
import { parseSimpleTemplate, renderSimpleTemplate } from './fast-path.js';
import { TemplateStore, runTemplate } from './templates.js';
import { introspectionGlobals, type LoadResult } from './introspection.js';
import type { Answers, IntrospectionRequest } from '../introspection/requests.js';
import type { GraphVariable } from './graph-variable.js';
import type { ColumnTypeRules } from '../../adapters/adapter.js';
import { columnApi } from './column-api.js';

export interface CompileDialect {
  readonly name: string;
  renderRelation(relation: RelationRef): string;
  quoteIdentifier?(name: string): string;
  /** How dbt's Column reads the engine's types (api.Column, get_columns_in_relation); default dbt's base. */
  readonly columnTypeRules?: ColumnTypeRules;
}

export interface Resolver {
  /** unique_id of a model/seed by name (package optional), or undefined. */
  ref(name: string, packageName?: string): string | undefined;
  refNames(): string[];
  source(sourceName: string, tableName: string): string | undefined;
  sourceNames(): string[];
  /** Best known relation of a node before all configs are final (used for `ref('x').schema`). */
  /** With `config`: the relation the node would have under that config (the rendering node's own `this`). */
  estimate(uniqueId: string, config?: Record<string, unknown>): RelationRef;
  doc(name: string): string | undefined;
  docNames(): string[];
}

export interface JinjaOptions {
  projectName: string;
  dialect: CompileDialect;
  target: ResolvedTarget;
  vars: Record<string, unknown>;
  env: Record<string, string | undefined>;
  generatedAt: string;
  invocationId: string;
  templateCache?: Record<string, string>;
  /** false: always go through Nunjucks (tests compare both paths). Default true. */
  fastPath?: boolean;
  resolver: Resolver;
}

export interface RenderInput {
  uniqueId: string;
  name: string;
  resourceType: string;
  file: string;
  text: string;
  fqn: string[];
  config: NodeConfig;
  incremental: boolean;
  /** Set where templates may read the warehouse (models, singular tests): what the runner answered so far
   * (NO_ANSWERS at compile). Unset: run_query() & co are an error that says where they do work. */
  answers?: Answers;
  /** The first render, before every node is known: a failure after reading `graph` is returned as
   * RenderOutput.graphError (the node renders again with the complete graph) instead of thrown. */
  graphIncomplete?: boolean;
  /** dbt's `execute`; default true. False only for the fallback render of a node whose render needed data it
   * did not have yet (see RenderOutput.deferredError). */
  execute?: boolean;
}

export interface RenderOutput {
  code: string;
  /** config() calls made by the template, merged in call order. */
  config: Record<string, unknown>;
  refs: string[][];
  sources: string[][];
  /** unique_ids of resolved refs/sources, in first-use order. */
  dependsOn: string[];
  macros: string[];
  /** var name -> sha256 of its JSON value at render time (for cache validation and state:modified). */
  vars: Record<string, string>;
  envVars: Record<string, string>;
  calledIsIncremental: boolean;
  /** The render read dbt's `graph` (itself or through a macro): its text depends on every other node, so
   * compile renders it again once the graph is complete, and never caches it (compile/graph-readers.ts). */
  readGraph?: boolean;
  /** With RenderInput.graphIncomplete: the render failed after reading the incomplete graph (`code` is empty). */
  graphError?: string;
  /** The template read a ref's attributes (schema, identifier...), so its text depends on other nodes. */
  readRelations: Record<string, string>;
  logs: string[];
  /** What the template asked the warehouse that `input.answers` did not answer (see jinja/introspection.ts). */
  requests?: IntrospectionRequest[];
  /** Messages of failed answers the render used (a speculative query that failed). */
  answerErrors?: string[];
  /** The render failed after it used a stand-in answer: maybe only for lack of data. `code` is then empty. */
  deferredError?: string;
}

interface Current {
  input: RenderInput;
  out: RenderOutput;
  statements: Map<string, LoadResult | null>;
}

export interface DbtJinja {
  env: nunjucks.Environment;
  templates: TemplateStore;
  macros: Map<string, { fn: unknown; meta: MacroMeta }>;
  registerMacros(file: string, text: string, packageName: string): string[];
  render(input: RenderInput): RenderOutput;
  /** Call a macro outside any template (generic tests, generate_schema_name) on behalf of `input`. */
  callMacro(name: string, args: unknown[], input: RenderInput): { value: unknown; out: RenderOutput };
  renderString(text: string, file: string): string;
  /** What `graph` is from now on; built on first read (a project where nothing reads it never pays for it). */
  setGraph(graph: () => GraphVariable): void;
  warnings: string[];
}

/** The dbt-core version whose behaviour clv follows, for templates and packages that check `dbt_version`. */
const DBT_VERSION = '1.10.0';

export function createDbtJinja(options: JinjaOptions): DbtJinja {
  const env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: false });
  addFilters(env);
  (env as unknown as { addTest(name: string, fn: (value: unknown) => boolean): void }).addTest('none', (value: unknown) => value === null || value === undefined);
  const templates = new TemplateStore(env, options.templateCache);
  const macros = new Map<string, { fn: unknown; meta: MacroMeta }>();
  const warnings: string[] = [];
  let current: Current | undefined;
  const jinja: JinjaRuntime = createRuntime({
    onCall(meta) {
      if (current && meta.uniqueId && !current.out.macros.includes(meta.uniqueId)) current.out.macros.push(meta.uniqueId);
    },
  });
  const { dialect, resolver } = options;

  const fail = (message: string, hint?: string): never => {
    throw new ProjectError(message, { hint });
  };
  const need = (what: string): Current => current ?? fail(`${what} can only be used while rendering a model, test or macro`);

  const relationFor = (kind: 'R' | 'S', uniqueId: string): TemplateRelation =>
    new TemplateRelation(placeholder(kind, uniqueId), () => {
      // `this` reflects config() calls made so far in its own file (schema, alias), as dbt's does.
      const self = current !== undefined && kind === 'R' && uniqueId === current.input.uniqueId;
      const estimate = self ? resolver.estimate(uniqueId, effectiveConfig(current!) as Record<string, unknown>) : resolver.estimate(uniqueId);
      if (current && kind === 'R' && uniqueId !== current.input.uniqueId) current.out.readRelations[uniqueId] = valueDigest(estimate);
      return estimate;
    });

  const ref = (...args: unknown[]) => {
    const state = need('ref()');
    const { positional, kwargs } = splitArgs(args);
    const [first, second] = positional as string[];
    const name = second ?? first;
    const pkg = second === undefined ? undefined : first;
    if (typeof name !== 'string') fail('ref() needs a model name, e.g. ref(\'stg_orders\')');
    const uniqueId = resolver.ref(name!, pkg);
    if (!uniqueId) {
      fail(`ref('${name}') does not match any model or seed`, didYouMean(name!, resolver.refNames()) ?? 'Check the file name under models/ or seeds/.');
    }
    if (uniqueId === state.input.uniqueId) fail(`${state.input.name} cannot ref() itself; use {{ this }}`);
    const entry = pkg ? [pkg, name!] : [name!];
    if (kwargs.version !== undefined || kwargs.v !== undefined) entry.push(String(kwargs.version ?? kwargs.v));
    if (!state.out.refs.some((r) => r.join('.') === entry.join('.'))) state.out.refs.push(entry);
    if (!state.out.dependsOn.includes(uniqueId!)) state.out.dependsOn.push(uniqueId!);
    return relationFor('R', uniqueId!);
  };

  const source = (...args: unknown[]) => {
    const state = need('source()');
    const call = splitArgs(args);
    const sourceName = String(param(call, 0, 'source_name'));
    const tableName = String(param(call, 1, 'table_name'));
    const uniqueId = resolver.source(sourceName, tableName);
    if (!uniqueId) {
      const wanted = `${sourceName}.${tableName}`;
      fail(`source('${sourceName}', '${tableName}') is not declared in any schema YAML`, didYouMean(wanted, resolver.sourceNames()) ?? `Declare it: sources: [{name: ${sourceName}, tables: [{name: ${tableName}}]}].`);
    }
    if (!state.out.sources.some((s) => s[0] === sourceName && s[1] === tableName)) state.out.sources.push([sourceName, tableName]);
    if (!state.out.dependsOn.includes(uniqueId!)) state.out.dependsOn.push(uniqueId!);
    return relationFor('S', uniqueId!);
  };

  const effectiveConfig = (state: Current): NodeConfig => mergeConfig(state.input.config, state.out.config) as NodeConfig;
  const config = Object.assign(
    (...args: unknown[]) => {
      const state = need('config()');
      const { positional, kwargs } = splitArgs(args);
      const given = { ...((positional[0] as Record<string, unknown> | undefined) ?? {}), ...kwargs };
      state.out.config = mergeConfig(state.out.config, given);
      return '';
    },
    {
      get: (...args: unknown[]) => {
        const call = splitArgs(args);
        const value = (effectiveConfig(need('config.get()')) as Record<string, unknown>)[String(param(call, 0, 'name'))];
        return value === undefined ? (param(call, 1, 'default', null) as unknown) : value;
      },
      require: (name: string) => {
        const value = (effectiveConfig(need('config.require()')) as Record<string, unknown>)[name];
        return value === undefined ? fail(`config '${name}' is required here`, `Set it with {{ config(${name}=...) }} or in YAML.`) : value;
      },
    },
  );

  const variable = (...args: unknown[]) => {
    const call = splitArgs(args);
    const name = String(param(call, 0, 'name'));
    const hasDefault = call.positional.length > 1 || 'default' in call.kwargs;
    const value = name in options.vars ? options.vars[name] : hasDefault ? param(call, 1, 'default') : undefined;
    if (current) current.out.vars[name] = valueDigest(name in options.vars ? options.vars[name] : undefined);
    if (!(name in options.vars) && !hasDefault) {
      fail(`var('${name}') is not defined and has no default`, [didYouMean(name, Object.keys(options.vars)), `Define it under 'vars:' in the project file, pass --vars '{"${name}": ...}', or give a default: var('${name}', ...).`].filter(Boolean).join(' '));
    }
    // As in dbt, a var's text is rendered where it is read: `"{{ current_timestamp() }}"` calls the macro.
    if (typeof value === 'string' && (value.includes('{{') || value.includes('{%'))) {
      return runTemplate(env, templates.get(value, `var('${name}')`), {}, jinja.runtime).output;
    }
    return value;
  };

  const envVar = (...args: unknown[]) => {
    const call = splitArgs(args);
    const name = String(param(call, 0, 'var'));
    const value = options.env[name];
    if (current) current.out.envVars[name] = valueDigest(value);
    if (value !== undefined) return value;
    if (call.positional.length > 1 || 'default' in call.kwargs) return param(call, 1, 'default');
    return fail(`environment variable '${name}' is not set and env_var() has no default`, `Set it (export ${name}=...) or give a default: env_var('${name}', 'value').`);
  };

  const dispatch = (...args: unknown[]) => {
    const call = splitArgs(args);
    const name = String(param(call, 0, 'macro_name'));
    const namespace = param(call, 1, 'macro_namespace') as string | undefined;
    // dbt's search order: the root project (engine spelling, then default__), then packages, then dbt's own
    // global macros; so a project's default__x wins over the built-in duckdb__x.
    const candidates = [`${dialect.name}__${name}`, `default__${name}`].map((candidate) => macros.get(candidate)).filter((m) => m !== undefined);
    const rank = (uniqueId = '') => (uniqueId.startsWith(`macro.${options.projectName}.`) ? 0 : /^macro\.(dbt|clv)\./.test(uniqueId) ? 2 : 1);
    for (const level of [0, 1, 2]) {
      const found = candidates.find((m) => rank(m.meta.uniqueId) === level);
      if (found) return found.fn;
    }
    const where = namespace && namespace !== options.projectName ? ` (namespace '${namespace}': clv does not install dbt packages yet; copy the macros you need into macros/)` : '';
    return fail(`adapter.dispatch('${name}') found neither ${dialect.name}__${name} nor default__${name}${where}`, `Define {% macro default__${name}(...) %} (and ${dialect.name}__${name} for engine-specific SQL) under macros/.`);
  };

  const introspection = introspectionGlobals({
    state: () => current,
    fail,
    quote: (name) => (dialect.quoteIdentifier ? dialect.quoteIdentifier(name) : `"${name}"`),
    renderRelation: (relation) => dialect.renderRelation(relation),
    defaultDatabase: options.target.database,
    columnTypeRules: dialect.columnTypeRules,
  });

  const nodeInfo = () => {
    const state = current;
    if (!state) return undefined;
    const { input } = state;
    return { unique_id: input.uniqueId, name: input.name, resource_type: input.resourceType, original_file_path: input.file, path: input.file, fqn: input.fqn, package_name: options.projectName, config: effectiveConfig(state) };
  };

  const globals: Record<string, unknown> = {
    ...helperGlobals(),
    ref,
    source,
    config,
    var: variable,
    __clv_slice: pySlice, // `x[a:b]` compiles to this (python-operators.ts)
    dbt_version: DBT_VERSION,
    env_var: envVar,
    is_incremental: () => {
      const state = need('is_incremental()');
      state.out.calledIsIncremental = true;
      return state.input.incremental;
    },
    return: (value: unknown) => {
      jinja.setReturn(value);
      return '';
    },
    log: (message: unknown) => {
      if (current) current.out.logs.push(String(message));
      return '';
    },
    print: (message: unknown) => {
      if (current) current.out.logs.push(String(message));
      return '';
    },
    doc: (name: string) => resolver.doc(name) ?? fail(`doc('${name}') has no matching {% docs ${name} %} block`, didYouMean(name, resolver.docNames()) ?? 'Define it in a .md file under models/.'),
    adapter: {
      dispatch,
      quote: (name: string) => (dialect.quoteIdentifier ? dialect.quoteIdentifier(name) : `"${name}"`),
      type: () => dialect.name,
      ...introspection.adapter,
    },
    api: {
      Column: columnApi(dialect.columnTypeRules, dialect.quoteIdentifier ? (name) => dialect.quoteIdentifier!(name) : undefined),
      Relation: {
        create: (...args: unknown[]) => {
          const call = splitArgs(args);
          const relation: RelationRef = {
            database: (param(call, 0, 'database') as string | undefined) ?? options.target.database,
            schema: String(param(call, 1, 'schema') ?? options.target.schema),
            identifier: String(param(call, 2, 'identifier')),
          };
          return new LiteralRelation(relation, (r) => dialect.renderRelation(r));
        },
      },
    },
    exceptions: {
      raise_compiler_error: (message: unknown) => fail(String(message)),
      raise_not_implemented: (message: unknown) => fail(`not implemented: ${String(message)}`),
      warn: (message: unknown) => {
        warnings.push(`${current?.input.file ?? ''}: ${String(message)}`);
        return '';
      },
    },
    run_query: introspection.run_query,
    statement: introspection.statement,
    load_result: introspection.load_result,
    load_relation: introspection.load_relation,
    flags: { FULL_REFRESH: false, WHICH: 'compile' },
    run_started_at: new PyDateTime(new Date(options.generatedAt)),
    modules: pyModules(new Date(options.generatedAt)),
    invocation_id: options.invocationId,
    project_name: options.projectName,
    builtins: { ref, source, config },
    target: { ...options.target, profile_name: options.projectName, target_name: options.target.name },
  };
  for (const [name, value] of Object.entries(globals)) env.addGlobal(name, value);
  const reservedGlobals: Record<string, unknown> = { ...globals, this: true, model: true, execute: true, graph: true };
  const namespaces: Record<string, Record<string, unknown>> = {};
  // Getters, so templates and macros see the node currently rendering.
  Object.defineProperty((env as unknown as { globals: object }).globals, 'this', {
    get: () => (current ? relationFor('R', current.input.uniqueId) : undefined),
    enumerable: true,
  });
  Object.defineProperty((env as unknown as { globals: object }).globals, 'model', { get: nodeInfo, enumerable: true });
  let graphBuilder: () => GraphVariable = () => ({ nodes: {}, sources: {}, macros: {}, exposures: {}, metrics: {}, groups: {}, semantic_models: {}, saved_queries: {} });
  let graph: GraphVariable | undefined;
  Object.defineProperty((env as unknown as { globals: object }).globals, 'graph', {
    get: () => {
      if (current) current.out.readGraph = true;
      return (graph ??= graphBuilder());
    },
    enumerable: true,
  });
  Object.defineProperty((env as unknown as { globals: object }).globals, 'execute', { get: () => current?.input.execute ?? true, enumerable: true });

  const freshOutput = (): RenderOutput => ({ code: '', config: {}, refs: [], sources: [], dependsOn: [], macros: [], vars: {}, envVars: {}, calledIsIncremental: false, readRelations: {}, logs: [] });

  const withNode = <T>(input: RenderInput, fn: (out: RenderOutput) => T): { value: T; out: RenderOutput } => {
    const previous = current;
    const out = freshOutput();
    current = { input, out, statements: new Map() };
    try {
      return { value: fn(out), out };
    } finally {
      current = previous;
    }
  };

  const compileTemplate = (text: string, file: string) => {
    try {
      return templates.get(text, file);
    } catch (error) {
      throw toProjectError(error, file, 'parse');
    }
  };

  return {
    env,
    templates,
    macros,
    warnings,
    registerMacros(file, text, packageName) {
      const template = compileTemplate(text, file);
      let context;
      try {
        context = runTemplate(env, template, {}, jinja.runtime).context;
      } catch (error) {
        throw toProjectError(error, file, 'render');
      }
      const names: string[] = [];
      for (const name of context.exported) {
        const fn = context.ctx[name];
        const meta = jinja.metaOf(fn);
        if (!meta) continue;
        meta.name = name;
        meta.file = file;
        meta.uniqueId = `macro.${packageName}.${name}`;
        const existing = macros.get(name);
        if (existing && existing.meta.uniqueId?.startsWith(`macro.${packageName}.`)) {
          throw new ProjectError(`macro '${name}' is defined twice: in ${existing.meta.file} and in ${file}`, { location: { file }, hint: 'Rename or delete one of them.' });
        }
        macros.set(name, { fn, meta });
        env.addGlobal(name, fn);
        names.push(name);
        // dbt also reaches every macro through its package's namespace (`dbt.date_trunc`,
        // `my_project.cents_to_dollars`), which a same-named macro elsewhere does not shadow.
        (namespaces[packageName] ??= {})[name] = fn;
      }
      if (!(packageName in reservedGlobals)) env.addGlobal(packageName, namespaces[packageName] ?? {});
      return names;
    },
    render(input) {
      const simple = options.fastPath === false ? undefined : parseSimpleTemplate(input.text);
      if (simple) {
        try {
          return withNode(input, (out) => {
            out.code = renderSimpleTemplate(simple, env, jinja.runtime);
          }).out;
        } catch {
          // Render again through Nunjucks, whose error names the line (and says the same thing otherwise).
        }
      }
      const template = compileTemplate(input.text, input.file);
      const { out } = withNode(input, (out) => {
        try {
          out.code = runTemplate(env, template, {}, jinja.runtime).output;
        } catch (error) {
          const failure = toProjectError(error, input.file, 'render');
          // `{% if not graph.nodes.get(id) %}{{ exceptions.raise_compiler_error(...) }}` before the graph is
          // complete: dbt would be parsing (execute false) here; the caller renders it so, and again later.
          if (input.graphIncomplete && out.readGraph) {
            out.code = '';
            out.graphError = failure.format();
            return;
          }
          // `results.rows[0][0] + 1` fails on a stand-in; the caller decides once the warehouse has answered.
          if (!out.requests?.length && !out.answerErrors?.length) throw failure;
          out.code = '';
          out.deferredError = failure.format();
        }
      });
      return out;
    },
    callMacro(name, args, input) {
      const fn = macros.get(name)?.fn as ((...a: unknown[]) => unknown) | undefined;
      if (!fn) throw new ProjectError(`macro '${name}' is not defined`, { location: { file: input.file }, hint: didYouMean(name, macros.keys()) });
      return withNode(input, () => {
        try {
          return fn(...args);
        } catch (error) {
          throw toProjectError(error, input.file, 'render');
        }
      });
    },
    setGraph(builder) {
      graphBuilder = builder;
      graph = undefined;
    },
    renderString(text, file) {
      const template = compileTemplate(text, file);
      try {
        return runTemplate(env, template, {}, jinja.runtime).output;
      } catch (error) {
        throw toProjectError(error, file, 'render');
      }
    },
  };
}
