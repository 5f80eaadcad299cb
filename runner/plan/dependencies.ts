// Which planned nodes each planned node waits for. Edges are carried through nodes that are not planned
// (unselected models, ephemeral models, sources), as dbt's subset graph does: with a -> b -> c and only
// a and c selected, c still waits for a, and is skipped if a fails.
import type { GraphIndex } from './graph.js';

const NONE: readonly string[] = [];

/**
 * @param extraParents node -> additional upstream ids (build's test gates), all planned.
 */
export function dependencies(index: GraphIndex, planned: Set<string>, extraParents: Map<string, string[]>): Map<string, string[]> {
  // For an unplanned node: the nearest planned nodes above it, which its planned descendants inherit.
  const exposed = new Map<string, readonly string[]>();
  const exposedOf = (id: string): readonly string[] => (planned.has(id) ? [id] : exposed.get(id) ?? NONE);
  const gather = (ups: readonly string[]): readonly string[] => {
    if (ups.length === 0) return NONE;
    if (ups.length === 1) return exposedOf(ups[0]!);
    const out = new Set<string>();
    for (const p of ups) for (const e of exposedOf(p)) out.add(e);
    return out.size === 0 ? NONE : [...out];
  };

  // `gather` may hand back a shared array (NONE, or another node's exposure): copy before handing out.
  const own = (ups: readonly string[]): string[] => (ups.length === 0 ? [] : ups.slice());
  const dependsOn = new Map<string, string[]>();
  for (const id of index.order) {
    const extra = extraParents.get(id);
    const parents = index.parents.get(id) ?? NONE;
    const ups = gather(extra ? [...parents, ...extra] : parents);
    if (planned.has(id)) dependsOn.set(id, own(ups));
    else if (ups.length > 0) exposed.set(id, ups);
  }
  for (const id of planned) {
    if (!dependsOn.has(id)) dependsOn.set(id, own(gather(index.parents.get(id) ?? NONE)));
  }
  return dependsOn;
}
