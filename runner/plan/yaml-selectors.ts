// selectors.yml definitions (dbt's YAML selectors) turned into the same Spec tree as CLI values.
// Accepts the file as parsed (`{ selectors: [{ name, definition, default? }] }`) or a name -> definition map.
import { UsageError } from '../errors.js';
import { didYouMean } from '../project/closest.js';
import type { Criteria } from './criteria.js';
import { parseCriteria } from './criteria.js';
import type { Spec } from './spec.js';
import { parseCliValues } from './spec.js';
import type { IndirectSelection } from './types.js';

interface Definitions {
  byName: Map<string, unknown>;
  defaultName?: string;
}

const INDIRECT: IndirectSelection[] = ['eager', 'cautious', 'buildable', 'empty'];

export function readSelectors(file: Record<string, unknown> | undefined): Definitions {
  const byName = new Map<string, unknown>();
  let defaultName: string | undefined;
  if (!file) return { byName };
  if (Array.isArray(file.selectors)) {
    for (const entry of file.selectors as Array<Record<string, unknown>>) {
      if (typeof entry?.name !== 'string') throw usage('every entry under `selectors:` needs a `name`.');
      byName.set(entry.name, entry.definition);
      if (entry.default === true) {
        if (defaultName) throw usage(`selectors "${defaultName}" and "${entry.name}" are both marked default: true.`);
        defaultName = entry.name;
      }
    }
  } else {
    for (const [name, definition] of Object.entries(file)) byName.set(name, definition);
  }
  return { byName, defaultName };
}

export function selectorSpec(defs: Definitions, name: string, seen: string[] = []): Spec {
  if (!defs.byName.has(name)) {
    const known = [...defs.byName.keys()];
    const guess = didYouMean(name, known);
    throw usage(`unknown selector "${name}".${guess ? ` ${guess}` : ''}`, known.length ? `Selectors defined in selectors.yml: ${known.join(', ')}.` : 'No selectors are defined (selectors.yml).');
  }
  if (seen.includes(name)) throw usage(`selector "${name}" refers to itself: ${[...seen, name].join(' → ')}.`);
  return definitionSpec(defs, defs.byName.get(name), [...seen, name]);
}

function definitionSpec(defs: Definitions, def: unknown, seen: string[]): Spec {
  if (typeof def === 'string') return parseCliValues([def]);
  if (def === null || typeof def !== 'object' || Array.isArray(def)) {
    throw usage(`selector "${seen[seen.length - 1]}": a definition must be a string or a mapping, got ${JSON.stringify(def)}.`);
  }
  const obj = def as Record<string, unknown>;
  for (const kind of ['union', 'intersection'] as const) {
    if (kind in obj) return setSpec(defs, kind, obj[kind], seen, indirect(obj));
  }
  if (obj.method === 'selector') return selectorSpec(defs, String(obj.value), seen);
  return { kind: 'criteria', criteria: criteriaFrom(obj, seen) };
}

/** dbt allows one `{ exclude: [...] }` item inside a union/intersection list; it is subtracted from the rest. */
function setSpec(defs: Definitions, kind: 'union' | 'intersection', items: unknown, seen: string[], mode?: IndirectSelection): Spec {
  if (!Array.isArray(items)) throw usage(`selector "${seen[seen.length - 1]}": \`${kind}\` must be a list.`);
  const parts: Spec[] = [];
  const excluded: Spec[] = [];
  for (const item of items) {
    const ex = item && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>).exclude : undefined;
    if (ex !== undefined) {
      for (const e of Array.isArray(ex) ? ex : [ex]) excluded.push(definitionSpec(defs, e, seen));
    } else parts.push(definitionSpec(defs, item, seen));
  }
  const combined: Spec = { kind, parts, indirectSelection: mode };
  if (excluded.length === 0) return combined;
  return { kind: 'difference', parts: [combined, { kind: 'union', parts: excluded }], indirectSelection: mode };
}

function criteriaFrom(obj: Record<string, unknown>, seen: string[]): Criteria {
  let method = obj.method;
  let value = obj.value;
  const keys = Object.keys(obj);
  // Shorthand `{ tag: nightly }`: a single key that is the method.
  if (method === undefined && keys.length === 1) [method, value] = [keys[0], obj[keys[0]!]];
  if (typeof method !== 'string' || (typeof value !== 'string' && typeof value !== 'number')) {
    throw usage(`selector "${seen[seen.length - 1]}": expected \`method\` and \`value\`, got ${JSON.stringify(obj)}.`);
  }
  const criteria = parseCriteria(`${method}:${value}`);
  const depth = (key: string): number | undefined => (typeof obj[key] === 'number' ? (obj[key] as number) : undefined);
  criteria.parents = obj.parents === true || depth('parents_depth') !== undefined;
  criteria.parentsDepth = depth('parents_depth');
  criteria.children = obj.children === true || depth('children_depth') !== undefined;
  criteria.childrenDepth = depth('children_depth');
  criteria.childrensParents = obj.childrens_parents === true;
  criteria.indirectSelection = indirect(obj);
  return criteria;
}

function indirect(obj: Record<string, unknown>): IndirectSelection | undefined {
  const mode = obj.indirect_selection;
  if (mode === undefined) return undefined;
  if (typeof mode === 'string' && (INDIRECT as string[]).includes(mode)) return mode as IndirectSelection;
  throw usage(`indirect_selection must be one of ${INDIRECT.join(', ')}, got ${JSON.stringify(mode)}.`);
}

function usage(message: string, hint?: string): UsageError {
  return new UsageError(`selectors.yml: ${message}`, { location: { file: 'selectors.yml' }, hint });
}
