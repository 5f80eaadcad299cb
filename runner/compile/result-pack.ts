// The whole-result cache holds the manifest minus what is cheap to recompute from the project files: the
// parent/child maps (from depends_on) and each model's raw_code (its file's text, which the loader read
// anyway). A generic test's raw_code is one fixed line per test name. Smaller file, faster warm start.
import type { Manifest } from '../manifest.js';
import type { ProjectFile } from '../project/types.js';
import { buildMaps } from './graph.js';

type AnyNodeRecord = Record<string, unknown> & { raw_code?: unknown; original_file_path?: string; test_metadata?: { name?: string } };

const genericRawCode = (name: string) => `{{ test_${name}(**_dbt_generic_test_kwargs) }}`;

export function packManifest(manifest: Manifest, files: ProjectFile[]): Manifest {
  const contents = new Map(files.map((file) => [file.path, file.contents]));
  const nodes: Record<string, unknown> = {};
  for (const [id, node] of Object.entries(manifest.nodes) as unknown as [string, AnyNodeRecord][]) {
    const derivable =
      typeof node.raw_code === 'string' &&
      (node.test_metadata?.name !== undefined ? node.raw_code === genericRawCode(node.test_metadata.name) : node.raw_code === contents.get(node.original_file_path ?? ''));
    // null keeps the key's place, so the unpacked node serialises in the same order.
    nodes[id] = derivable ? { ...node, raw_code: null } : node;
  }
  const { parent_map: _parents, child_map: _children, ...rest } = manifest;
  return { ...rest, nodes } as unknown as Manifest;
}

export function unpackManifest(packed: Manifest, files: ProjectFile[]): Manifest {
  const contents = new Map(files.map((file) => [file.path, file.contents]));
  // Filled in place: the cached result is this compile's to hand out (as it was before packing), and
  // copying 20,000 nodes cost more than the rest of a warm compile.
  const nodes = packed.nodes as unknown as Record<string, AnyNodeRecord>;
  for (const node of Object.values(nodes)) {
    if (node.raw_code === null) node.raw_code = node.test_metadata?.name !== undefined ? genericRawCode(node.test_metadata.name) : (contents.get(node.original_file_path ?? '') ?? '');
  }
  if (packed.parent_map && packed.child_map) return { ...packed, nodes } as unknown as Manifest;
  // Same construction (and key order) as compile's own maps.
  const parents: Record<string, string[]> = {};
  for (const node of Object.values(nodes) as { unique_id: string; depends_on: { nodes: string[] } }[]) parents[node.unique_id] = [...node.depends_on.nodes];
  for (const id of Object.keys(packed.sources)) parents[id] = [];
  const { parent_map, child_map } = buildMaps(parents);
  const { metadata, nodes: _nodes, sources, macros, docs, parent_map: _p, child_map: _c, ...rest } = packed;
  return { metadata, nodes, sources, macros, docs, parent_map, child_map, ...rest } as unknown as Manifest;
}
