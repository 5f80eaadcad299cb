// Column lineage for the OpenLineage events of a run, without parsing SQL on the run's path: `clv lineage`
// and `clv compile --lineage` leave target/column_lineage.json, and a run reuses each model's entry while
// the model is unchanged. "Unchanged" is a Merkle fingerprint — the model's compiled SQL plus the
// fingerprints of everything it reads (seed checksums, source columns) — because a `select *` model's
// lineage changes when an upstream column does even if its own SQL does not. Stale entries are ignored,
// never guessed from.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../manifest.js';
import { inputIds } from './openlineage-datasets.js';
import type { ProjectLineage } from './types.js';

export const RUN_LINEAGE_FILE = 'column_lineage.json';
const VERSION = 1;

interface RunLineageFile {
  version: number;
  models: Record<string, { fingerprint: string; upstream: Record<string, string[]> }>;
}

/** Fingerprints of nodes and sources, computed on demand and memoized. */
export function fingerprints(manifest: Manifest): (id: string) => string {
  const memo = new Map<string, string>();
  const of = (id: string): string => {
    const cached = memo.get(id);
    if (cached !== undefined) return cached;
    memo.set(id, ''); // a cycle cannot compile; this only guards against looping on a malformed manifest
    const node = manifest.nodes[id];
    const source = manifest.sources[id];
    const hash = createHash('sha1');
    if (node?.resource_type === 'model') {
      hash.update(node.compiled_code);
      for (const input of inputIds(node, manifest).sort()) hash.update('\u0000').update(input).update('=').update(of(input));
    } else if (node) hash.update(node.checksum);
    else if (source) hash.update(JSON.stringify(Object.keys(source.columns)));
    const value = hash.digest('base64url');
    memo.set(id, value);
    return value;
  };
  return of;
}

export async function writeRunLineage(targetDir: string, manifest: Manifest, lineage: ProjectLineage): Promise<void> {
  const fingerprint = fingerprints(manifest);
  const models: RunLineageFile['models'] = {};
  for (const [id, model] of Object.entries(lineage)) {
    if (Object.keys(model.upstream).length) models[id] = { fingerprint: fingerprint(id), upstream: model.upstream };
  }
  await mkdir(targetDir, { recursive: true });
  await writeFile(join(targetDir, RUN_LINEAGE_FILE), JSON.stringify({ version: VERSION, models } satisfies RunLineageFile));
}

/** A lookup of each model's still-valid column lineage: the manifest's own `column_lineage` first, then
 * target/column_lineage.json for models unchanged since it was written. */
export async function readRunLineage(targetDir: string, manifest: Manifest): Promise<(id: string) => Record<string, string[]> | undefined> {
  let file: RunLineageFile | undefined;
  try {
    const doc = JSON.parse(await readFile(join(targetDir, RUN_LINEAGE_FILE), 'utf8')) as RunLineageFile;
    if (doc.version === VERSION && doc.models) file = doc;
  } catch {
    /* no lineage traced yet: events go without the columnLineage facet */
  }
  const fingerprint = fingerprints(manifest);
  return (id) => {
    const node = manifest.nodes[id];
    if (node?.resource_type !== 'model') return undefined;
    if (node.column_lineage) return node.column_lineage;
    const entry = file?.models[id];
    return entry && entry.fingerprint === fingerprint(id) ? entry.upstream : undefined;
  };
}
