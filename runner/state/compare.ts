// What changed between a previous manifest (production's) and the current one, per node, in dbt's
// state:modified categories. Compared are the things that mean the same in every environment — the raw
// file checksum, the configs, the text of the macros a node calls, the values of the vars it reads —
// never compiled SQL or relations, which differ between a CI schema and production for every node.
//
// Descriptions follow dbt: they count (category `persisted_descriptions`) only where `persist_docs` writes
// them to the warehouse; elsewhere a description edit changes docs, not data, and marks nothing.
import { sha256, stableJson } from '../compile/hash.js';
import type { AnyNode, MacroInfo, Manifest } from '../manifest.js';

export const CATEGORIES = ['body', 'configs', 'relation', 'persisted_descriptions', 'macros', 'vars', 'contract'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface StateDiff {
  /** Nodes absent from the previous manifest. */
  added: Set<string>;
  /** Nodes present in both that changed, with the categories of change. */
  modified: Map<string, Set<Category>>;
}

const cache = new WeakMap<Manifest, WeakMap<Manifest, StateDiff>>();

export function compareState(current: Manifest, previous: Manifest): StateDiff {
  let byPrevious = cache.get(current);
  if (!byPrevious) cache.set(current, (byPrevious = new WeakMap()));
  let diff = byPrevious.get(previous);
  if (!diff) byPrevious.set(previous, (diff = computeDiff(current, previous)));
  return diff;
}

function computeDiff(current: Manifest, previous: Manifest): StateDiff {
  const affectedBy = macrosReaching(current, macroChanges(current.macros, previous.macros));
  const changedVars = new Set<string>();
  for (const name of new Set([...Object.keys(current.vars), ...Object.keys(previous.vars)])) {
    if (stableJson(current.vars[name]) !== stableJson(previous.vars[name])) changedVars.add(name);
  }
  const added = new Set<string>();
  const modified = new Map<string, Set<Category>>();
  for (const node of nodesOf(current)) {
    const before: AnyNode | undefined = previous.nodes[node.unique_id] ?? previous.sources[node.unique_id];
    if (!before) {
      added.add(node.unique_id);
      continue;
    }
    const found = new Set<Category>();
    if (bodyOf(node) !== bodyOf(before)) found.add('body');
    if (!sameJson(node.config, before.config)) {
      found.add('configs');
      if (relationConfig(node) !== relationConfig(before)) found.add('relation');
    }
    if (hasAny(node, before, 'persist_docs') && persistedDescriptions(node) !== persistedDescriptions(before)) found.add('persisted_descriptions');
    if (hasAny(node, before, 'contract') && contractOf(node) !== contractOf(before)) found.add('contract');
    if (affectedBy.size > 0 && usesAny(node, affectedBy)) found.add('macros');
    if (changedVars.size > 0 && varsRead(node, before, current).some((name) => changedVars.has(name))) found.add('vars');
    if (found.size > 0) modified.set(node.unique_id, found);
  }
  return { added, modified };
}

function* nodesOf(manifest: Manifest): Iterable<AnyNode> {
  for (const id in manifest.nodes) yield manifest.nodes[id]!;
  for (const id in manifest.sources) yield manifest.sources[id]!;
}

/** Equality of plain JSON values, key order ignored; no serialising (20,000 configs per comparison). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b || (a === undefined && b === null) || (a === null && b === undefined);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameJson(item, other[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key in x) if (x[key] !== undefined && !sameJson(x[key], y[key])) return false;
  for (const key in y) if (y[key] !== undefined && x[key] === undefined) return false;
  return true;
}

const hasAny = (a: AnyNode, b: AnyNode, key: string) => a.config?.[key] !== undefined || b.config?.[key] !== undefined;

/** The file checksum; nodes without one (sources, unit tests) are compared by their definition, which
 * state_index.json stores as `clv_body` (its nodes carry no SQL). */
export function bodyOf(node: AnyNode): string {
  if (node.checksum) return node.checksum;
  const stored = (node as { clv_body?: string }).clv_body;
  if (stored !== undefined) return stored;
  if (node.resource_type === 'source') {
    const { schema, identifier } = node.relation;
    return stableJson([schema, identifier, node.loaded_at_field ?? null, node.freshness ?? null]);
  }
  if (node.resource_type === 'test' && node.unit_test) {
    const { model, actual_sql, expected_sql, expected_columns, overrides } = node.unit_test;
    return sha256(stableJson([model, actual_sql, expected_sql, expected_columns, overrides ?? null]));
  }
  return stableJson([node.resource_type === 'test' ? node.raw_code : '', node.depends_on.nodes]);
}

/** dbt's state:modified.relation: the configured database/schema/alias, not the rendered relation. */
const relationConfig = (node: AnyNode): string => stableJson([node.config?.database ?? null, node.config?.schema ?? null, node.config?.alias ?? null]);

function persistedDescriptions(node: AnyNode): string {
  const persist = (node.config?.persist_docs ?? {}) as { relation?: boolean; columns?: boolean };
  const columns = 'columns' in node && persist.columns ? Object.values(node.columns).map((c) => [c.name, c.description]) : [];
  return stableJson([persist.relation ? node.description : null, columns]);
}

/** dbt's state:modified.contract: an enforced contract's columns (names and data types). */
function contractOf(node: AnyNode): string {
  const contract = node.config?.contract as { enforced?: boolean } | undefined;
  if (!contract?.enforced || !('columns' in node)) return '';
  return stableJson(Object.values(node.columns).map((c) => [c.name, c.data_type ?? null]));
}

function macroChanges(current: Record<string, MacroInfo>, previous: Record<string, MacroInfo>): Set<string> {
  const changed = new Set<string>();
  for (const [id, macro] of Object.entries(current)) {
    const before = previous[id];
    // Older manifests without macro_sql can only be compared by file checksum (coarser, never missing a change).
    const same = before !== undefined && (macro.macro_sql !== undefined && before.macro_sql !== undefined ? macro.macro_sql === before.macro_sql : macro.checksum === before.checksum);
    if (!same) changed.add(id);
  }
  for (const id of Object.keys(previous)) if (!current[id]) changed.add(id);
  return changed;
}

/**
 * Changed macros plus every macro that calls one (transitively, from manifest.macros' depends_on): a node
 * using any of these runs changed macro text. Walking callers from the few changed macros keeps the
 * per-node check to a set lookup on 5,000-model projects.
 */
function macrosReaching(manifest: Manifest, changed: Set<string>): Map<string, string> {
  const affected = new Map<string, string>(); // unique_id -> name
  if (changed.size === 0) return affected;
  const callers = new Map<string, string[]>();
  for (const macro of Object.values(manifest.macros)) {
    for (const callee of macro.depends_on?.macros ?? []) {
      if (!callers.has(callee)) callers.set(callee, []);
      callers.get(callee)!.push(macro.unique_id);
    }
  }
  const queue = [...changed];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (affected.has(id)) continue;
    affected.set(id, manifest.macros[id]?.name ?? id.split('.').pop()!);
    queue.push(...(callers.get(id) ?? []));
  }
  return affected;
}

/**
 * Whether the node runs one of `affected`: its render recorded it (already transitive through macro calls),
 * or its raw text calls it by name (calls inside an is_incremental() branch are not in the first render).
 */
function usesAny(node: AnyNode, affected: Map<string, string>): boolean {
  for (const id of node.depends_on?.macros ?? []) if (affected.has(id)) return true;
  const text = 'raw_code' in node ? node.raw_code : '';
  if (!text) return false;
  for (const name of affected.values()) {
    if (text.includes(name) && new RegExp(`\\b${name}\\s*\\(|dispatch\\(\\s*['"]${name.replace(/^\w+__/, '')}['"]`).test(text)) return true;
  }
  return false;
}

/** Vars the node read when rendered (now or in the previous state), named in its text, or in the text of
 * the macros its render ran. */
function varsRead(node: AnyNode, before: AnyNode, manifest: Manifest): string[] {
  const names = new Set<string>();
  for (const n of [node, before]) for (const name of ('vars_used' in n ? n.vars_used : undefined) ?? []) names.add(name);
  const texts = [('raw_code' in node ? node.raw_code : '') ?? ''];
  for (const id of node.depends_on?.macros ?? []) texts.push(manifest.macros[id]?.macro_sql ?? '');
  for (const text of texts) if (text.includes('var(')) for (const m of text.matchAll(/\bvar\(\s*['"]([^'"]+)['"]/g)) names.add(m[1]!);
  return [...names];
}
