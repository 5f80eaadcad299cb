// Project and profile YAML values may contain `{{ env_var('NAME', 'default') }}` / `{{ var('x') }}`, as in
// dbt. Only string values containing `{{` are rendered; hooks are left for later (dbt renders them at run).
import nunjucks from 'nunjucks';
import { ProjectError } from '../errors.js';

export interface YamlRenderContext {
  file: string;
  env: Record<string, string | undefined>;
  vars: Record<string, unknown>;
}

const SKIP_KEYS = new Set(['pre-hook', 'post-hook', '+pre-hook', '+post-hook', 'on-run-start', 'on-run-end']);

export function renderYamlValues<T>(value: T, context: YamlRenderContext): T {
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
  env.addGlobal('env_var', (name: string, fallback?: unknown) => envVar(name, fallback, context));
  env.addGlobal('var', (name: string, fallback?: unknown) => {
    if (name in context.vars) return context.vars[name];
    if (fallback !== undefined) return fallback;
    throw new ProjectError(`var('${name}') is not defined`, { location: { file: context.file }, hint: `Define it under 'vars:' or pass --vars '{"${name}": ...}'.` });
  });
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return node.includes('{{') || node.includes('{%') ? render(env, node, context.file) : node;
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, SKIP_KEYS.has(key) ? child : walk(child)]));
    }
    return node;
  };
  return walk(value) as T;
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
