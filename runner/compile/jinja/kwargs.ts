// Nunjucks passes keyword arguments to plain JS functions as a trailing `{ __keywords: true, ... }` object.
// Every global we expose goes through splitArgs so `ref('m', v=2)` and `config(materialized='table')` behave
// as in dbt.

export interface CallArgs {
  positional: unknown[];
  kwargs: Record<string, unknown>;
}

export function isKeywords(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, '__keywords');
}

export function splitArgs(args: unknown[]): CallArgs {
  const last = args[args.length - 1];
  if (!isKeywords(last)) return { positional: args, kwargs: {} };
  const { __keywords: _marker, ...kwargs } = last;
  return { positional: args.slice(0, -1), kwargs };
}

/** Positional-or-keyword parameter lookup, like a Python signature `def f(name, default=None)`. */
export function param(call: CallArgs, index: number, name: string, fallback?: unknown): unknown {
  if (call.positional.length > index) return call.positional[index];
  if (name in call.kwargs) return call.kwargs[name];
  return fallback;
}

export function keywords(obj: Record<string, unknown>): Record<string, unknown> {
  return { ...obj, __keywords: true };
}
