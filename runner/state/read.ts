// Reading `--state DIR`: the manifest.json a previous invocation (usually production's) left behind.
// Read before this invocation compiles, so `--state target` compares with the last run, not with itself.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { Manifest } from '../manifest.js';

export async function readState(dir: string): Promise<Manifest> {
  const file = join(resolve(dir), 'manifest.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`--state ${dir}: ${file} does not exist.`, {
      hint: 'Point --state at a folder holding the manifest.json of the run to compare with (copy production\'s target/manifest.json there after each deploy).',
    });
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch (error) {
    throw new UsageError(`--state ${dir}: ${file} is not valid JSON (${(error as Error).message}).`, { location: { file } });
  }
  if (!manifest || typeof manifest.nodes !== 'object' || typeof manifest.macros !== 'object') {
    throw new UsageError(`--state ${dir}: ${file} is not a manifest (no nodes/macros).`, { location: { file } });
  }
  return { ...manifest, sources: manifest.sources ?? {}, vars: manifest.vars ?? {} };
}
