// Project and profile YAML values may contain `{{ env_var('NAME', 'default') }}` / `{{ var('x') }}`, as in
// dbt. Only string values containing `{{` are rendered; hooks are left for later (dbt renders them at run).
import { createRequire } from 'node:module';
import type nunjucks from 'nunjucks';
import { ProjectError } from '../errors.js';

export interface YamlRenderContext {
  file: string;
  env: Record<string, string | undefined>;
  vars: Record<string, unknown>;
  /** dbt_project.yml sees the profile's target (`+enabled: "{{ target.name != 'prod' }}"`). */
  target?: Record<string, unknown>;
}

// Rendered later, in the node's context, as dbt does: hooks at run time, `vars` when var() reads them
// (`truncate_timespan_to: "{{ current_timestamp() }}"` calls a macro a project file cannot see).
const SKIP_KEYS = new Set(['pre-hook', 'post-hook', '+pre-hook', '+post-hook', 'pre_hook', 'post_hook', '+pre_hook', '+post_hook', 'on-run-start', 'on-run-end', 'query-comment', 'vars']);

export function renderYamlValues<T>(value: T, context: YamlRenderContext): T {
  // Most project files hold no template: Nunjucks is loaded (synchronously: it is CommonJS) and set up only
  // for the first value that is one, so a plain project.yml costs no template engine at start-up.
  let environment: nunjucks.Environment | undefined;
  const env = () => (environment ??= yamlEnvironment(context));
  const walk = (node: unknown, key = ''): unknown => {
    if (typeof node === 'string') return node.includes('{{') || node.includes('{%') ? nativeValue(render(env(), node, context.file), key) : node;
    if (Array.isArray(node)) return node.map((child) => walk(child, key));
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([name, child]) => [name, SKIP_KEYS.has(name) ? child : walk(child, name)]));
    }
    return node;
  };
  return walk(value) as T;
}

function yamlEnvironment(context: YamlRenderContext): nunjucks.Environment {
  const { Environment } = createRequire(import.meta.url)('nunjucks') as typeof nunjucks;
  const env = new Environment(null, { autoescape: false, throwOnUndefined: false });
  env.addGlobal('env_var', (name: string, fallback?: unknown) => envVar(name, fallback, context));
  if (context.target) env.addGlobal('target', context.target);
  env.addGlobal('var', (name: string, fallback?: unknown) => {
    if (name in context.vars) return context.vars[name];
    if (fallback !== undefined) return fallback;
    throw new ProjectError(`var('${name}') is not defined`, { location: { file: context.file }, hint: `Define it under 'vars:' or pass --vars '{"${name}": ...}'.` });
  });
  return env;
}

export function envVar(name: string, fallback: unknown, context: Pick<YamlRenderContext, 'file' | 'env'>): unknown {
  const value = context.env[name];
  if (value !== undefined) return value;
  if (fallback !== undefined && !(typeof fallback === 'object' && fallback !== null && '__keywords' in fallback)) return fallback;
  throw new ProjectError(`environment variable '${name}' is not set and env_var() has no default`, {
    location: { file: context.file },
    hint: `Set it (export ${name}=...) or give a default: env_var('${name}', 'value').`,
  });
}

function render(env: nunjucks.Environment, text: string, file: string): string {
  try {
    return env.renderString(text, {});
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof ProjectError) throw cause;
    throw new ProjectError(`cannot render '${text}': ${(error as Error).message}`, { location: { file }, cause: error });
  }
}

/**
 * dbt renders project and profile values natively: `+enabled: "{{ target.name != 'prod' }}"` is a boolean,
 * `threads: "{{ env_var('THREADS') }}"` a number, where the text 'false' would read as true.
 */
function nativeValue(text: string, key: string): unknown {
  const trimmed = text.trim();
  if (/^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === 'true';
  // A credential stays text even when it is all digits (dbt users reach for `| as_text` there).
  if (/^-?\d+(\.\d+)?$/.test(trimmed) && !/^-?0\d/.test(trimmed) && !/pass|secret|token|key|user|account/i.test(key)) return Number(trimmed);
  return text;
}

