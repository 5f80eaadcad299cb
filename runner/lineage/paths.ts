// Walking column lineage both ways from one column: upstream (what it is computed from, down to seeds,
// sources and raw tables) and downstream (every model column computed from it).
import type { ProjectLineage } from './types.js';

export interface PathTree {
  path: string;
  /** Why this column's lineage is unknown, when it is. */
  unresolved?: string;
  children: PathTree[];
}

/** Splits '<unique_id>.<column>' at the last dot (unique ids themselves contain dots). */
export function splitPath(path: string): { id: string; column: string } {
  const i = path.lastIndexOf('.');
  return { id: path.slice(0, i), column: path.slice(i + 1) };
}

function unresolvedReason(lineage: ProjectLineage, id: string, column: string): string | undefined {
  const model = lineage[id];
  if (!model) return undefined;
  return model.unresolved[column] ?? (model.upstream[column] ? undefined : model.unresolved['*'] ?? `not an output column of ${id}`);
}

export function upstreamTree(lineage: ProjectLineage, path: string, trail: string[] = []): PathTree {
  const { id, column } = splitPath(path);
  const model = lineage[id];
  if (!model || trail.includes(path)) return { path, children: [] };
  const reason = unresolvedReason(lineage, id, column);
  const parents = model.upstream[column] ?? [];
  return { path, ...(reason ? { unresolved: reason } : {}), children: parents.map((p) => upstreamTree(lineage, p, [...trail, path])) };
}

export function downstreamIndex(lineage: ProjectLineage): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const [id, model] of Object.entries(lineage)) {
    for (const [column, parents] of Object.entries(model.upstream)) {
      for (const parent of parents) {
        const key = parent.toLowerCase();
        (index.get(key) ?? index.set(key, []).get(key)!).push(`${id}.${column}`);
      }
    }
  }
  return index;
}

export function downstreamTree(index: Map<string, string[]>, path: string, trail: string[] = []): PathTree {
  if (trail.includes(path)) return { path, children: [] };
  return { path, children: (index.get(path.toLowerCase()) ?? []).map((child) => downstreamTree(index, child, [...trail, path])) };
}

/** Indented text lines of a tree, one column path per line. */
export function renderTree(tree: PathTree, depth = 0): string[] {
  const line = `${'  '.repeat(depth)}${depth ? '- ' : ''}${tree.path}${tree.unresolved ? `  (unresolved: ${tree.unresolved})` : ''}`;
  return [line, ...tree.children.flatMap((c) => renderTree(c, depth + 1))];
}
