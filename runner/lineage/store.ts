// Lineage in the manifest (optional fields, written only by `clv lineage` / `clv compile --lineage`, so the
// normal compile path pays nothing): `column_lineage` as the docs site reads it, and the reasons for what
// could not be traced.
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { manifestArtifact } from '../artifacts/manifestArtifact.js';
import type { Manifest } from '../manifest.js';
import type { ProjectLineage } from './types.js';

export function withColumnLineage(manifest: Manifest, lineage: ProjectLineage): Manifest {
  const nodes = { ...manifest.nodes };
  for (const [id, model] of Object.entries(lineage)) {
    const node = nodes[id];
    if (node?.resource_type !== 'model') continue;
    nodes[id] = {
      ...node,
      column_lineage: model.upstream,
      ...(Object.keys(model.unresolved).length ? { column_lineage_unresolved: model.unresolved } : {}),
    };
  }
  return { ...manifest, nodes };
}

/** Lineage read back from a manifest (e.g. target/manifest.json of an earlier `clv lineage`). */
export function lineageOf(manifest: Manifest): ProjectLineage {
  const out: ProjectLineage = {};
  for (const node of Object.values(manifest.nodes)) {
    if (node.resource_type !== 'model' || !node.column_lineage) continue;
    out[node.unique_id] = { columns: [...new Set([...Object.keys(node.column_lineage), ...Object.keys(node.column_lineage_unresolved ?? {}).filter((c) => c !== "*")])], upstream: node.column_lineage, unresolved: node.column_lineage_unresolved ?? {} };
  }
  return out;
}

export async function writeManifest(root: string, targetPath: string, manifest: Manifest): Promise<void> {
  await mkdir(join(root, targetPath), { recursive: true });
  await writeFile(join(root, targetPath, 'manifest.json'), JSON.stringify(manifestArtifact(manifest)));
}
