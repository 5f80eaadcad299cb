// Filters and helper functions dbt's Jinja context has and Nunjucks lacks.
import { createHash } from 'node:crypto';
import yaml from 'js-yaml';
import type nunjucks from 'nunjucks';
import { splitArgs } from './kwargs.js';
import { pyMod } from './python-operators.js';

const toJson = (value: unknown, ...rest: unknown[]) => {
  const { kwargs } = splitArgs(rest);
  return JSON.stringify(value, null, (kwargs.indent as number | undefined) ?? undefined);
};

export function addFilters(env: nunjucks.Environment): void {
  // Python's len() honours __len__ (a query result's table counts its rows); Nunjucks' own length counts an
  // object's keys.
  const length = env.getFilter('length') as (value: unknown) => number;
  env.addFilter('length', (value: unknown) => (value && typeof (value as { __len__?: unknown }).__len__ === 'function' ? (value as { __len__(): number }).__len__() : length(value)));
  env.addFilter('tojson', toJson);
  // Jinja's `"%s-%s" | format(a, b)`: Python %-formatting.
  env.addFilter('format', (template: unknown, ...args: unknown[]) => pyMod(String(template ?? ''), args.length === 1 ? args[0] : args));
  env.addFilter('as_text', (value: unknown) => (value === null || value === undefined ? '' : String(value)));
  env.addFilter('as_bool', (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() === 'true' : Boolean(value)));
  env.addFilter('as_number', (value: unknown) => Number(value));
  env.addFilter('as_native', (value: unknown) => value);
  env.addFilter('unique', (value: unknown[]) => [...new Set(value ?? [])]);
  env.addFilter('items', (value: Record<string, unknown>) => Object.entries(value ?? {}));
  env.addFilter('min', (value: number[]) => Math.min(...(value ?? [])));
  env.addFilter('max', (value: number[]) => Math.max(...(value ?? [])));
  // Jinja's selectattr/rejectattr take a test (`selectattr("resource_type", "equalto", "model")`, how dbt
  // projects filter graph.nodes); Nunjucks' own only checks truthiness. The attribute may be dotted.
  const tests = env as unknown as { addTest(name: string, fn: (value: unknown, arg: unknown) => boolean): void; getTest(name: string): (value: unknown, arg: unknown) => boolean };
  tests.addTest('in', (value, container) => (typeof container === 'string' ? container.includes(String(value)) : Array.from((container ?? []) as Iterable<unknown>).includes(value)));
  const byAttribute = (keep: boolean) => (value: unknown, attribute: string, testName?: string, arg?: unknown) => {
    const test = testName === undefined ? (item: unknown) => Boolean(item) : tests.getTest(testName);
    return Array.from((value ?? []) as Iterable<unknown>).filter((item) => test(String(attribute).split('.').reduce<unknown>((obj, key) => (obj as Record<string, unknown> | null)?.[key], item), arg) === keep);
  };
  env.addFilter('selectattr', byAttribute(true));
  env.addFilter('rejectattr', byAttribute(false));
  env.addFilter('map', (value: unknown[], ...rest: unknown[]) => {
    const { positional, kwargs } = splitArgs(rest);
    const list = Array.from((value ?? []) as Iterable<unknown>);
    // attribute=0 (a number) picks the first item of each row, as Jinja's getitem does.
    if (typeof kwargs.attribute === 'string' || typeof kwargs.attribute === 'number') {
      const path = String(kwargs.attribute).split('.');
      return list.map((item) => path.reduce<unknown>((obj, key) => (obj as Record<string, unknown> | null)?.[key], item));
    }
    const filter = positional[0] as string | undefined;
    if (!filter) return list;
    const fn = env.getFilter(filter) as (...args: unknown[]) => unknown;
    return list.map((item) => fn(item, ...positional.slice(1)));
  });
}

export function helperGlobals(): Record<string, unknown> {
  return {
    tojson: toJson,
    fromjson: (text: string, fallback: unknown = null) => {
      try {
        return JSON.parse(text);
      } catch {
        return fallback;
      }
    },
    toyaml: (value: unknown) => yaml.dump(value),
    fromyaml: (text: string) => yaml.load(text),
    local_md5: (text: string) => createHash('md5').update(String(text)).digest('hex'),
    zip: (...lists: unknown[][]) => {
      const min = Math.min(...lists.map((list) => list.length));
      return Array.from({ length: min }, (_, i) => lists.map((list) => list[i]));
    },
    dict: (...args: unknown[]) => {
      const { positional, kwargs } = splitArgs(args);
      const first = positional[0];
      const base = Array.isArray(first) ? Object.fromEntries(first as [string, unknown][]) : ((first as Record<string, unknown>) ?? {});
      return { ...base, ...kwargs };
    },
    list: (value: unknown) => (value === undefined ? [] : typeof value === 'string' ? [...value] : Array.from(value as Iterable<unknown>)),
    set: (value: unknown) => [...new Set(value === undefined ? [] : Array.from(value as Iterable<unknown>))],
    __clv_setattr: (obj: Record<string, unknown>, attr: string, value: unknown) => {
      obj[attr] = value;
      return '';
    },
    namespace: (...args: unknown[]) => ({ ...splitArgs(args).kwargs, ...((splitArgs(args).positional[0] as object) ?? {}) }),
  };
}
