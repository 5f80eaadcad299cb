// Templates compiled once per content hash. Nunjucks turns a template into JavaScript source; we keep that
// source in the compile cache (plain JSON) and revive it with `new Function`, skipping lex/parse/codegen —
// the expensive part of rendering thousands of small models.
import nunjucks from 'nunjucks';
import { sha256 } from '../hash.js';
import { preprocessTemplate } from './preprocess.js';
import { installPythonOperators } from './python-operators.js';

installPythonOperators();

type ContextClass = new (ctx: object, blocks: object, env: nunjucks.Environment) => NunjucksContext;
// Nunjucks does not export its Context class, but calls every template function with the context as `this`:
// borrow the constructor once from a throwaway render.
const Context: ContextClass = (() => {
  let captured: { constructor: ContextClass } | undefined;
  const env = new nunjucks.Environment([]);
  env.addGlobal('grab', function (this: { constructor: ContextClass }) {
    captured = this;
    return '';
  });
  env.renderString('{{ grab() }}', {});
  return captured!.constructor;
})();

export interface NunjucksContext {
  ctx: Record<string, unknown>;
  exported: string[];
}

export interface CompiledTemplate {
  root: (env: nunjucks.Environment, context: NunjucksContext, frame: unknown, runtime: unknown, cb: (err: unknown, out?: string) => void) => void;
  blocks: Record<string, unknown>;
}

/** Thrown for syntax errors found while compiling; `lineno` is 1-based. */
export interface TemplateSyntaxError extends Error {
  lineno?: number;
  colno?: number;
}

export class TemplateStore {
  private readonly live = new Map<string, CompiledTemplate>();
  /** sha256(template text) -> generated JS source: the serialisable part, kept in the compile cache. */
  readonly sources: Record<string, string>;
  readonly used: Record<string, string> = {};

  constructor(
    private readonly env: nunjucks.Environment,
    cached: Record<string, string> = {},
  ) {
    this.sources = cached;
  }

  get(text: string, name: string): CompiledTemplate {
    const key = sha256(text);
    let template = this.live.get(key);
    if (template) return template;
    let source = this.sources[key];
    if (source === undefined) {
      const env = this.env as unknown as { asyncFilters: string[]; extensionsList: unknown[]; opts: object };
      source = (nunjucks as unknown as { compiler: { compile: (...args: unknown[]) => string } }).compiler.compile(
        preprocessTemplate(text),
        env.asyncFilters,
        env.extensionsList,
        name,
        env.opts,
      );
    }
    this.used[key] = source;
    const props = new Function(source)() as Record<string, unknown>;
    const blocks = Object.fromEntries(Object.entries(props).filter(([key]) => key.startsWith('b_')).map(([key, value]) => [key.slice(2), value]));
    template = { root: props.root as CompiledTemplate['root'], blocks };
    this.live.set(key, template);
    return template;
  }
}

/** A fresh render context with no template variables (what runTemplate gives a template's root). */
export function newContext(env: nunjucks.Environment): NunjucksContext {
  return new Context({}, {}, env);
}

/** Run a template's root synchronously; returns its text and context (macro files export through it). */
export function runTemplate(env: nunjucks.Environment, template: CompiledTemplate, vars: Record<string, unknown>, runtime: Record<string, any>): { output: string; context: NunjucksContext } {
  const context = new Context(vars, template.blocks, env);
  const frame = new runtime.Frame();
  frame.topLevel = true;
  let output = '';
  let failure: unknown;
  template.root(env, context, frame, runtime, (err, out) => {
    failure = err;
    output = out ?? '';
  });
  if (failure) throw failure;
  return { output, context };
}
