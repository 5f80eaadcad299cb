// All artifact writes happen here, in one batch after compile or after a run, never on the executor's
// hot path. Paths are relative to the project root.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ExecutableNode, Manifest } from '../manifest.js';
import type { RunResults } from '../run/types.js';
import { manifestArtifact } from './manifestArtifact.js';
import { compiledPath, runPath } from './paths.js';
import { runResultsArtifact } from './runResults.js';
import { STATE_INDEX_FILE, stateIndexText } from './stateIndex.js';

async function writeAll(root: string, files: Map<string, string>): Promise<void> {
  const dirs = new Set([...files.keys()].map((f) => dirname(resolve(root, f))));
  await Promise.all([...dirs].map((d) => mkdir(d, { recursive: true })));
  // Bounded fan-out: thousands of tiny files at once would exhaust file descriptors.
  const entries = [...files];
  for (let i = 0; i < entries.length; i += 256) {
    await Promise.all(entries.slice(i, i + 256).map(([f, text]) => writeFile(resolve(root, f), text)));
  }
}

const compiledSql = (node: ExecutableNode): string | undefined =>
  node.resource_type === 'seed' ? undefined : node.compiled_code;

/** target/manifest.json and target/compiled/** for every node with SQL. */
export async function writeCompileArtifacts(root: string, targetPath: string, manifest: Manifest): Promise<void> {
  const files = new Map<string, string>();
  for (const node of Object.values(manifest.nodes)) {
    const sql = compiledSql(node);
    if (sql !== undefined) files.set(compiledPath(targetPath, node), `${sql}\n`);
  }
  const manifestJson = JSON.stringify(manifestArtifact(manifest));
  files.set(`${targetPath}/manifest.json`, manifestJson);
  files.set(`${targetPath}/${STATE_INDEX_FILE}`, stateIndexText(manifest, manifestJson)); // clv framework: what --state reads
  await writeAll(root, files);
}

/** target/run_results.json and target/run/** (the statements actually sent). */
export async function writeRunArtifacts(
  root: string,
  targetPath: string,
  manifest: Manifest,
  run: RunResults,
  context: { adapterType: string; args: Record<string, unknown> },
): Promise<void> {
  const files = new Map<string, string>();
  for (const [id, statements] of Object.entries(run.statements)) {
    const node = manifest.nodes[id];
    if (node && statements.length > 0) files.set(runPath(targetPath, node), `${statements.join(';\n\n')};\n`);
  }
  const artifact = runResultsArtifact(run, { invocationId: manifest.metadata.invocation_id, ...context });
  files.set(`${targetPath}/run_results.json`, JSON.stringify(artifact, null, 2));
  await writeAll(root, files);
}
