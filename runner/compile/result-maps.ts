// parent_map and child_map in the cached result (result-pack.ts). Rebuilding them from depends_on on a warm
// start made ~60,000 small arrays and sorted child lists, all garbage-collected young: about a fifth of a warm
// 5,000-model compile. Stored as lists of numbers, they come out of JSON.parse at once, and the ids put back
// in them are the nodes' own key strings.
import type { Manifest } from '../manifest.js';
import { buildMaps } from './graph.js';

type Maps = Pick<Manifest, 'parent_map' | 'child_map'>;

/**
 * Both maps as lists, in the order of [...node ids, ...source ids] (which is both maps' key order as compile
 * builds them), each id in a list written as its index there.
 */
export interface PackedMaps {
  /** null: each node's parents are its depends_on.nodes, a source's none (as compile builds them). */
  parents: (number | string)[][] | null;
  children: (number | string)[][];
}

/** undefined when the maps' keys are not the node and source ids in order (then they are rebuilt). */
export function packMaps(manifest: Manifest): PackedMaps | undefined {
  const ids = [...Object.keys(manifest.nodes), ...Object.keys(manifest.sources)];
  if (!manifest.parent_map || !manifest.child_map || !sameKeys(manifest.parent_map, ids) || !sameKeys(manifest.child_map, ids)) return undefined;
  const index = new Map(ids.map((id, at) => [id, at]));
  const pack = (map: Record<string, string[]>) => ids.map((id) => map[id]!.map((item) => index.get(item) ?? item));
  return { parents: parentsFromDependsOn(manifest) ? null : pack(manifest.parent_map), children: pack(manifest.child_map) };
}

function parentsFromDependsOn(manifest: Manifest): boolean {
  const same = (a: string[], b: string[] | undefined) => b !== undefined && a.length === b.length && a.every((item, at) => item === b[at]);
  for (const [id, node] of Object.entries(manifest.nodes)) if (!same(manifest.parent_map[id]!, node.depends_on?.nodes)) return false;
  return Object.keys(manifest.sources).every((id) => manifest.parent_map[id]!.length === 0);
}

function sameKeys(map: Record<string, unknown>, ids: string[]): boolean {
  const keys = Object.keys(map);
  return keys.length === ids.length && keys.every((key, at) => key === ids[at]);
}

/** The unpacked nodes: their ids in the manifest's key order, and the nodes in the same order. */
export interface NodeList {
  ids: string[];
  list: { depends_on: { nodes: string[] } }[];
}

/** The maps back, or undefined when the lists do not fit these nodes. */
export function unpackMaps(maps: PackedMaps, nodes: NodeList, sources: Record<string, unknown>): Maps | undefined {
  const sourceIds = Object.keys(sources);
  const ids = sourceIds.length === 0 ? nodes.ids : [...nodes.ids, ...sourceIds];
  if ((maps.parents && maps.parents.length !== ids.length) || maps.children.length !== ids.length) return undefined;
  // The parsed lists are this compile's own: ids are put in place of their numbers, no copies.
  const unpack = (lists: (number | string)[][]) => {
    const map: Record<string, string[]> = {};
    for (let at = 0; at < ids.length; at++) {
      const list = lists[at]!;
      for (let i = 0; i < list.length; i++) if (typeof list[i] === 'number') list[i] = ids[list[i] as number]!;
      map[ids[at]!] = list as string[];
    }
    return map;
  };
  return { parent_map: maps.parents ? unpack(maps.parents) : dependsOnMap(nodes, sourceIds), child_map: unpack(maps.children) };
}

/**
 * parent_map as compile builds it, each node's list being its depends_on.nodes itself (not a copy: 20,000
 * fewer arrays; nothing edits either in place, a changed manifest gets new lists).
 */
function dependsOnMap(nodes: NodeList, sourceIds: string[]): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (let at = 0; at < nodes.ids.length; at++) map[nodes.ids[at]!] = nodes.list[at]!.depends_on.nodes;
  for (const id of sourceIds) map[id] = [];
  return map;
}

/** Same construction (and key order) as compile's own maps, for a packed manifest without them. */
export function rebuildMaps(nodes: Record<string, unknown>, sources: Record<string, unknown>): Maps {
  const parents: Record<string, string[]> = {};
  for (const node of Object.values(nodes) as unknown as { unique_id: string; depends_on: { nodes: string[] } }[]) parents[node.unique_id] = [...node.depends_on.nodes];
  for (const id of Object.keys(sources)) parents[id] = [];
  return buildMaps(parents);
}
