// --defer: a planned node's refs to nodes that are not planned read production's relation (from the
// --state manifest) when the current target has not built that relation itself. This is how a pull
// request builds only `state:modified+` in its own schema and reads every unchanged upstream from prod.
// The compiler has already substituted relation names into the SQL, so deferral re-substitutes the
// rendered name of each deferred parent in a copy of the manifest used for the run.
import type { Dialect, Warehouse } from '../adapters/adapter.js';
import type { ExecutableNode, Manifest, RelationRef } from '../manifest.js';
import type { Plan } from '../plan/index.js';

export interface Deferral {
  /** The manifest to execute: planned nodes' SQL reads deferred parents from the previous state. */
  manifest: Manifest;
  /** unique_id -> the previous state's relation it now reads. */
  deferred: Record<string, RelationRef>;
}

/** Unplanned models and seeds the plan's nodes read (through ephemeral models too), whose relation the
 * previous state has. Sources are never deferred: they are the same tables in every environment. */
export function deferCandidates(manifest: Manifest, plan: Plan, previous: Manifest): string[] {
  const planned = new Set(plan.nodes.map((p) => p.uniqueId));
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const node = manifest.nodes[id];
    if (!node || node.resource_type === 'test' || planned.has(id)) return;
    if (node.resource_type === 'model' && node.config.materialized === 'ephemeral') {
      for (const parent of node.depends_on.nodes) visit(parent);
      return;
    }
    const before = previous.nodes[id];
    if (before && 'relation' in before && before.relation) found.add(id);
  };
  for (const id of planned) for (const parent of manifest.nodes[id]?.depends_on.nodes ?? []) visit(parent);
  return [...found];
}

export function deferManifest(manifest: Manifest, plan: Plan, previous: Manifest, dialect: Dialect, defer: string[]): Deferral {
  const deferred: Record<string, RelationRef> = {};
  const renames: Array<[string, string]> = [];
  for (const id of defer) {
    const node = manifest.nodes[id] as ExecutableNode & { relation: RelationRef };
    const target = (previous.nodes[id] as ExecutableNode & { relation: RelationRef }).relation;
    const from = dialect.renderRelation(node.relation);
    const to = dialect.renderRelation(target);
    if (from === to) continue;
    deferred[id] = target;
    renames.push([from, to]);
  }
  if (renames.length === 0) return { manifest, deferred };
  // Rendered relation names are fully qualified and quoted, so a plain text replacement cannot hit a
  // longer name that merely starts with the same characters.
  const rewrite = (sql: string) => renames.reduce((text, [from, to]) => text.split(from).join(to), sql);
  const nodes = { ...manifest.nodes };
  for (const { uniqueId } of plan.nodes) {
    const node = nodes[uniqueId];
    if (!node || node.resource_type === 'seed') continue;
    const copy = { ...node, compiled_code: rewrite(node.compiled_code) } as ExecutableNode;
    if (copy.resource_type === 'model' && copy.compiled_incremental_code !== undefined) copy.compiled_incremental_code = rewrite(copy.compiled_incremental_code);
    nodes[uniqueId] = copy;
  }
  return { manifest: { ...manifest, nodes }, deferred };
}

/** Which of `ids`' current relations already exist in the target (dbt defers only the missing ones). */
export async function existingRelations(warehouse: Warehouse, manifest: Manifest, ids: string[]): Promise<Set<string>> {
  const bySchema = new Map<string, { where: Pick<RelationRef, 'database' | 'schema'>; ids: string[] }>();
  for (const id of ids) {
    const { database, schema } = (manifest.nodes[id] as ExecutableNode & { relation: RelationRef }).relation;
    const key = `${database ?? ''}\u0000${schema}`;
    if (!bySchema.has(key)) bySchema.set(key, { where: { database, schema }, ids: [] });
    bySchema.get(key)!.ids.push(id);
  }
  const existing = new Set<string>();
  const connection = await warehouse.acquire();
  try {
    for (const { where, ids: inSchema } of bySchema.values()) {
      let names: Set<string>;
      try {
        const { rows } = await connection.execute(warehouse.dialect.listRelationsSql(where));
        names = new Set(rows.map((row) => String(row.name).toLowerCase()));
      } catch {
        names = new Set(); // no such schema yet: nothing in it exists
      }
      for (const id of inSchema) {
        const { identifier } = (manifest.nodes[id] as ExecutableNode & { relation: RelationRef }).relation;
        if (names.has(identifier.toLowerCase())) existing.add(id);
      }
    }
  } finally {
    warehouse.release(connection);
  }
  return existing;
}

/** The whole --defer step of an invocation: check the target, then re-point what it lacks. */
export async function deferTo(warehouse: Warehouse, manifest: Manifest, plan: Plan, previous: Manifest): Promise<Deferral> {
  const candidates = deferCandidates(manifest, plan, previous);
  if (candidates.length === 0) return { manifest, deferred: {} };
  const existing = await existingRelations(warehouse, manifest, candidates);
  return deferManifest(manifest, plan, previous, warehouse.dialect, candidates.filter((id) => !existing.has(id)));
}
