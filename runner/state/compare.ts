// What changed between a previous manifest (production's) and the current one, per node, in dbt's
// state:modified categories. Compared are the things that mean the same in every environment — the raw
// file checksum, the configs, the text of the macros a node calls, the values of the vars it reads —
// never compiled SQL or relations, which differ between a CI schema and production for every node.
//
// Descriptions follow dbt: they count (category `persisted_descriptions`) only where `persist_docs` writes
// them to the warehouse; elsewhere a description edit changes docs, not data, and marks nothing.
import { sha256, stableJson } from '../compile/hash.js';
import type { AnyNode, MacroInfo, Manifest } from '../manifest.js';
import { calledMacros } from './macros.js';

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
  const changedMacros = macroChanges(current.macros, previous.macros);
  const macroUsers = macroReach(current);
  const changedVars = new Set<string>();
  for (const name of new Set([...Object.keys(current.vars), ...Object.keys(previous.vars)])) {
    if (stableJson(current.vars[name]) !== stableJson(previous.vars[name])) changedVars.add(name);
  }
  const added = new Set<string>();
  const modified = new Map<string, Set<Category>>();
  const all: AnyNode[] = [...Object.values(current.nodes), ...Object.values(current.sources)];
  for (const node of all) {
    const before: AnyNode | undefined = previous.nodes[node.unique_id] ?? previous.sources[node.unique_id];
    if (!before) {
      added.add(node.unique_id);
      continue;
    }
    const found = new Set<Category>();
    if (bodyOf(node) !== bodyOf(before)) found.add('body');
    if (stableJson(node.config) !== stableJson(before.config)) found.add('configs');
    if (relationConfig(node) !== relationConfig(before)) found.add('relation');
    if (persistedDescriptions(node) !== persistedDescriptions(before)) found.add('persisted_descriptions');
    if (contractOf(node) !== contractOf(before)) found.add('contract');
    const macros = changedMacros.size > 0 ? macroUsers(node) : [];
    if (macros.some((id) => changedMacros.has(id))) found.add('macros');
    if (changedVars.size > 0 && varsRead(node, before, macros, current).some((name) => changedVars.has(name))) found.add('vars');
    if (found.size > 0) modified.set(node.unique_id, found);
  }
  return { added, modified };
}

/** The file checksum; nodes without one (sources, unit tests) are compared by their definition. */
function bodyOf(node: AnyNode): string {
  if (node.checksum) return node.checksum;
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
 * Every macro a node may run: the ones its render recorded (already transitive through macro calls), the
 * ones its raw text names (calls inside an is_incremental() branch are not in the first render), and
 * everything those call in turn, from manifest.macros' depends_on.
 */
function macroReach(manifest: Manifest): (node: AnyNode) => string[] {
  const byName = new Map<string, string>();
  for (const macro of Object.values(manifest.macros)) if (!byName.has(macro.name) || macro.unique_id.startsWith(`macro.${manifest.metadata.project_name}.`)) byName.set(macro.name, macro.unique_id);
  const closure = new Map<string, string[]>();
  const reachFrom = (id: string): string[] => {
    let found = closure.get(id);
    if (found) return found;
    closure.set(id, []); // recursion guard for mutually recursive macros
    const out = new Set<string>([id]);
    for (const next of manifest.macros[id]?.depends_on?.macros ?? []) for (const m of reachFrom(next)) out.add(m);
    found = [...out];
    closure.set(id, found);
    return found;
  };
  return (node) => {
    const direct = new Set(node.depends_on?.macros ?? []);
    if ('raw_code' in node && node.raw_code) for (const id of calledMacros(node.raw_code, byName)) direct.add(id);
    const out = new Set<string>();
    for (const id of direct) for (const m of reachFrom(id)) out.add(m);
    return [...out];
  };
}

/** Vars the node read when rendered (now or in the previous state), named in its text, or read by its macros. */
function varsRead(node: AnyNode, before: AnyNode, macros: string[], manifest: Manifest): string[] {
  const names = new Set<string>();
  for (const n of [node, before]) for (const name of ('vars_used' in n ? n.vars_used : undefined) ?? []) names.add(name);
  const texts = [('raw_code' in node ? node.raw_code : '') ?? '', ...macros.map((id) => manifest.macros[id]?.macro_sql ?? '')];
  for (const text of texts) for (const m of text.matchAll(/\bvar\(\s*['"]([^'"]+)['"]/g)) names.add(m[1]!);
  return [...names];
}
