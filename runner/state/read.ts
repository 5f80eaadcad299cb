// Reading `--state DIR`: the manifest.json a previous invocation (usually production's) left behind.
// Read before this invocation compiles, so `--state target` compares with the last run, not with itself.
// When the folder also holds the state_index.json clv wrote beside that very manifest.json, the index is
// read instead: the same nodes without their SQL, a fraction of the bytes to parse.
import { open, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { manifestOfStateIndex, STATE_INDEX_FILE, STATE_INDEX_VERSION, type StateIndexDocument } from '../artifacts/stateIndex.js';
import { UsageError } from '../errors.js';
import type { Manifest } from '../manifest.js';

/** The first bytes of manifest.json: clv and dbt both write `metadata` (with invocation_id) first. */
async function head(file: string, bytes = 4096): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The index's manifest when it was cut from the manifest.json now in the folder; else undefined. */
export async function readStateIndex(dir: string): Promise<Manifest | undefined> {
  const file = join(resolve(dir), 'manifest.json');
  let text: string;
  let size: number;
  try {
    [text, size] = await Promise.all([readFile(join(resolve(dir), STATE_INDEX_FILE), 'utf8'), stat(file).then((s) => s.size)]);
  } catch {
    return undefined;
  }
  let doc: StateIndexDocument;
  try {
    doc = JSON.parse(text) as StateIndexDocument;
  } catch {
    return undefined; // a torn write: the manifest itself is still there
  }
  if (doc?.clv_state_index !== STATE_INDEX_VERSION || doc.source?.size !== size || !doc.manifest || !Array.isArray(doc.configs)) return undefined;
  const id = doc.source.invocation_id;
  if (id !== undefined && !(await head(file)).includes(JSON.stringify(id))) return undefined;
  return manifestOfStateIndex(doc);
}

export async function readState(dir: string): Promise<Manifest> {
  const file = join(resolve(dir), 'manifest.json');
  const indexed = await readStateIndex(dir);
  if (indexed) return checked(indexed, dir, file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`--state ${dir}: ${file} does not exist.`, {
      hint: 'Point --state at a folder holding the manifest.json of the run to compare with (copy production\'s target/manifest.json, and state_index.json beside it, there after each deploy).',
    });
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch (error) {
    throw new UsageError(`--state ${dir}: ${file} is not valid JSON (${(error as Error).message}).`, { location: { file } });
  }
  return checked(manifest, dir, file);
}

function checked(manifest: Manifest, dir: string, file: string): Manifest {
  if (!manifest || typeof manifest.nodes !== 'object' || typeof manifest.macros !== 'object') {
    throw new UsageError(`--state ${dir}: ${file} is not a manifest (no nodes/macros).`, { location: { file } });
  }
  return { ...manifest, sources: manifest.sources ?? {}, vars: manifest.vars ?? {} };
}
