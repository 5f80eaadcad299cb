// dbt's selector methods, each a pure filter over the indexed manifest. Semantics follow dbt-core's
// graph/selector_methods.py; where dbt and users disagree (a bare `stg_*` not matching nested models) we
// follow dbt Fusion, which matches bare wildcards against the node name.
import type { AnyNode } from '../manifest.js';
import { UsageError } from '../errors.js';
import { didYouMean } from '../project/closest.js';
import type { Criteria } from './criteria.js';
import type { GraphIndex } from './graph.js';
import { resourceKind } from './resource-kind.js';
import { fnmatch, hasWildcard, pathmatch } from './glob.js';
import { stateMethod } from '../state/select.js'; // clv framework: state:modified & co (--state)

type Method = (index: GraphIndex, value: string, args: string[]) => Iterable<string>;

const RESOURCE_TYPES = ['model', 'seed', 'test', 'source', 'snapshot', 'analysis'];
/** Resource types dbt has and this runner does not: selecting them is valid and selects nothing. */
const ABSENT_RESOURCE_TYPES = ['exposure', 'metric', 'unit_test', 'semantic_model', 'saved_query', 'operation'];

export const METHODS: Record<string, Method> = {
  fqn: (index, value) => filter(index, (n) => n.resource_type !== 'source' && fqnMatches(n.fqn, value)),
  tag: (index, value) => filter(index, (n) => [...n.tags, ...(n.config?.tags ?? [])].some((t) => fnmatch(t, value))),
  path: (index, value) => pathMethod(index, value),
  file: (index, value) =>
    filter(index, (n) => {
      const base = n.original_file_path.split('/').pop() ?? '';
      return fnmatch(base, value) || fnmatch(base.replace(/\.[^.]*$/, ''), value);
    }),
  package: (index, value) => {
    const pkg = value === 'this' ? index.manifest.metadata.project_name : value;
    return filter(index, (n) => fnmatch(n.package_name, pkg));
  },
  config: (index, value, args) => configMethod(index, value, args),
  resource_type: (index, value) => {
    if (!RESOURCE_TYPES.includes(value) && !ABSENT_RESOURCE_TYPES.includes(value)) {
      throw new UsageError(`Invalid resource_type selector "${value}".`, { hint: `Valid values: ${RESOURCE_TYPES.join(', ')}.` });
    }
    return filter(index, (n) => resourceKind(n) === value);
  },
  source: (index, value) => sourceMethod(index, value),
  test_name: (index, value) =>
    filter(index, (n) => {
      const meta = n.resource_type === 'test' ? n.test_metadata : undefined;
      if (!meta?.name) return false;
      return fnmatch(meta.name, value) || (meta.namespace !== undefined && fnmatch(`${meta.namespace}.${meta.name}`, value));
    }),
  test_type: (index, value) => testTypeMethod(index, value),
  group: (index, value) => filter(index, (n) => typeof n.config?.group === 'string' && fnmatch(n.config.group, value)),
  access: (index, value) => filter(index, (n) => n.resource_type === 'model' && (n.config?.access ?? 'protected') === value),
  // Resources this runner does not have yet: valid dbt methods that select nothing.
  version: () => [],
  exposure: () => [],
  metric: () => [],
  semantic_model: () => [],
  saved_query: () => [],
  unit_test: () => [],
  state: (index, value, args) => stateMethod(index.nodes.keys(), index.manifest, index.previous, value, args), // clv framework
};

/** dbt methods that compare against a previous run's artifacts, which `plan` does not receive. */
const STATEFUL = ['result', 'source_status'];

export function runMethod(index: GraphIndex, criteria: Criteria): Iterable<string> {
  const name = criteria.method ?? defaultMethod(criteria.value);
  const method = METHODS[name];
  if (method) return method(index, criteria.value, criteria.args);
  if (STATEFUL.includes(name)) {
    throw new UsageError(`Selector method "${name}:" (in "${criteria.raw}") is not supported yet: it needs a previous run's artifacts.`, {
      hint: 'Use `clv retry` to re-run the nodes that failed last time, or select nodes by name, tag or path.',
    });
  }
  const valid = Object.keys(METHODS);
  const guess = didYouMean(name, valid);
  throw new UsageError(`Unknown selector method "${name}" in "${criteria.raw}".${guess ? ` ${guess}` : ''}`, {
    hint: `Valid methods: ${valid.join(', ')} (and config.<key>, e.g. config.materialized:view).`,
  });
}

/** As dbt: a value containing a path separator is a path, one ending in a file extension a file name. */
function defaultMethod(value: string): string {
  if (value.includes('/') || value.includes('\\')) return 'path';
  if (/\.(sql|csv|py|ts)$/i.test(value)) return 'file';
  return 'fqn';
}

function filter(index: GraphIndex, keep: (node: AnyNode) => boolean): string[] {
  const out: string[] = [];
  for (const [id, node] of index.nodes) if (keep(node)) out.push(id);
  return out;
}

/** dbt's is_selected_node, tried with and without the package prefix, plus Fusion's bare-wildcard leaf match. */
function fqnMatches(fqn: string[], selector: string): boolean {
  if (selector === '*') return true;
  const leaf = fqn[fqn.length - 1] ?? '';
  if (selector === leaf) return true;
  // Plain names (the common case) only need the first segment after the optional package compared.
  if (!selector.includes('.') && !hasWildcard(selector)) return firstSegmentIs(fqn[0], selector) || firstSegmentIs(fqn[1], selector);
  if (!selector.includes('.') && hasWildcard(selector) && fnmatch(leaf, selector)) return true;
  return prefixMatches(fqn, selector) || prefixMatches(fqn.slice(1), selector);
}

function firstSegmentIs(segment: string | undefined, name: string): boolean {
  return segment !== undefined && (segment === name || segment.startsWith(name + '.'));
}

function prefixMatches(fqn: string[], selector: string): boolean {
  if (fqn.length === 0) return false;
  if (fqn[fqn.length - 1] === selector) return true;
  const flat = fqn.flatMap((segment) => segment.split('.'));
  const parts = selector.split('.');
  if (flat.length < parts.length) return false;
  for (let i = 0; i < parts.length; i++) {
    if (hasWildcard(parts[i]!)) return fnmatch(flat.slice(i).join('.'), parts.slice(i).join('.'));
    if (flat[i] !== parts[i]) return false;
  }
  return true;
}

/** A file, a folder (everything below it) or a glob, relative to the project root. A YAML file selects
 * the nodes it declares or documents (sources, tests, patched models), as in dbt. */
function pathMethod(index: GraphIndex, value: string): string[] {
  const pattern = value.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  return filter(index, (n) => {
    const files = [n.original_file_path];
    const patch = n.resource_type === 'model' ? n.patch_path : undefined;
    if (patch) files.push(patch.includes('://') ? patch.split('://')[1]! : patch);
    return files.some((file) => {
      if (pathmatch(file, pattern)) return true;
      for (let cut = file.lastIndexOf('/'); cut > 0; cut = file.lastIndexOf('/', cut - 1)) {
        if (pathmatch(file.slice(0, cut), pattern)) return true;
      }
      return false;
    });
  });
}

function configMethod(index: GraphIndex, value: string, args: string[]): string[] {
  if (args.length === 0) {
    throw new UsageError(`The config selector needs a key, e.g. "config.materialized:${value}".`);
  }
  const caseless = args.length === 1 && args[0] === 'severity';
  const equals = (actual: unknown): boolean => {
    if (typeof actual === 'boolean') return value.toLowerCase() === String(actual);
    if (typeof actual === 'number') return value === String(actual);
    if (typeof actual !== 'string') return false;
    return caseless ? actual.toLowerCase() === value.toLowerCase() : actual === value;
  };
  return filter(index, (n) => {
    let current: unknown = n.config;
    for (const key of args) {
      if (current === null || typeof current !== 'object' || !(key in current)) return false;
      current = (current as Record<string, unknown>)[key];
    }
    return Array.isArray(current) ? current.some(equals) : equals(current);
  });
}

function sourceMethod(index: GraphIndex, value: string): string[] {
  const parts = value.split('.');
  if (parts.length > 3) {
    throw new UsageError(`Invalid source selector "source:${value}".`, {
      hint: 'Write source:<source_name>, source:<source_name>.<table_name> or source:<package>.<source_name>.<table_name>.',
    });
  }
  const [pkg, src, table] = parts.length === 3 ? parts : ['*', parts[0]!, parts[1] ?? '*'];
  return filter(
    index,
    (n) => n.resource_type === 'source' && fnmatch(n.package_name, pkg!) && fnmatch(n.source_name, src!) && fnmatch(n.name, table!),
  );
}

function testTypeMethod(index: GraphIndex, value: string): string[] {
  const kinds: Record<string, Array<'generic' | 'singular'>> = {
    generic: ['generic'],
    schema: ['generic'],
    singular: ['singular'],
    data: ['generic', 'singular'],
    unit: [],
  };
  const wanted = kinds[value];
  if (!wanted) {
    throw new UsageError(`Invalid test_type selector "${value}".`, { hint: 'Valid values: generic, singular, unit, data.' });
  }
  // clv framework: unit tests of models carry `unit_test`; every other test is a data test.
  if (value === 'unit') return filter(index, (n) => n.resource_type === 'test' && n.unit_test !== undefined);
  return filter(index, (n) => n.resource_type === 'test' && n.unit_test === undefined && wanted.includes(n.test_metadata?.name ? 'generic' : 'singular'));
}
