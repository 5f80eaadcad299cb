// (Lives in tests/compile/: tests/artifacts/ is git-ignored, it holds screenshots and other test output.)
// writeCompileArtifacts skips target/compiled files whose text is unchanged since the last compile, but
// never trusts a file that is gone, edited since (newer mtime) or due different text.
import { mkdtemp, readFile, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCompileArtifacts } from '../../runner/artifacts/write.js';
import { compiledPath } from '../../runner/artifacts/paths.js';
import type { ExecutableNode, Manifest } from '../../runner/manifest.js';
import { compileFixture } from './helpers.js';

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function written(): Promise<{ manifest: Manifest; files: string[] }> {
  root = await mkdtemp(path.join(tmpdir(), 'clv-compiled-index-'));
  const { manifest } = await compileFixture(['jaffle']);
  await writeCompileArtifacts(root, 'target', manifest);
  const files = Object.values(manifest.nodes).filter((n) => n.resource_type !== 'seed').map((n) => path.join(root!, compiledPath('target', n as ExecutableNode)));
  // As if written a minute ago: a later write would show as a newer mtime.
  const past = new Date(Date.now() - 60_000);
  for (const file of files) await utimes(file, past, past);
  return { manifest, files };
}

describe('writeCompileArtifacts and the compiled-files index', () => {
  it('leaves unchanged compiled files alone on a second compile', async () => {
    const { manifest, files } = await written();
    const before = await Promise.all(files.map(async (f) => (await stat(f)).mtimeMs));
    await writeCompileArtifacts(root!, 'target', manifest);
    expect(await Promise.all(files.map(async (f) => (await stat(f)).mtimeMs))).toEqual(before);
    expect(JSON.parse(await readFile(path.join(root!, 'target', 'manifest.json'), 'utf8')).nodes).toBeDefined();
  });

  it('rewrites files that were deleted, edited by hand since, or whose SQL changed', async () => {
    const { manifest, files } = await written();
    const [deleted, edited] = files;
    const original = await readFile(edited!, 'utf8');
    await unlink(deleted!);
    await writeFile(edited!, 'select 1 -- edited by hand\n');
    const changed = Object.values(manifest.nodes).find((n) => n.resource_type === 'model' && path.join(root!, compiledPath('target', n)) !== deleted && path.join(root!, compiledPath('target', n)) !== edited) as ExecutableNode & { compiled_code: string };
    changed.compiled_code = `${changed.compiled_code}\n-- changed`;
    await writeCompileArtifacts(root!, 'target', manifest);
    expect(await readFile(deleted!, 'utf8')).not.toBe('');
    expect(await readFile(edited!, 'utf8')).toBe(original);
    expect(await readFile(path.join(root!, compiledPath('target', changed)), 'utf8')).toContain('-- changed\n');
  });

  it('writes everything when the index is unreadable', async () => {
    const { manifest, files } = await written();
    await writeFile(path.join(root!, 'target', '.cache', 'compiled-files.json'), '{ not json');
    const before = (await stat(files[0]!)).mtimeMs;
    await writeCompileArtifacts(root!, 'target', manifest);
    expect((await stat(files[0]!)).mtimeMs).toBeGreaterThan(before);
  });

  it('writes a manifest with non-ASCII text as UTF-8 (and ASCII-only ones byte for byte)', async () => {
    const { manifest } = await written();
    const node = Object.values(manifest.nodes).find((n) => n.resource_type === 'model')!;
    node.description = 'one row per café → order';
    await writeCompileArtifacts(root!, 'target', manifest);
    const text = await readFile(path.join(root!, 'target', 'manifest.json'), 'utf8');
    expect(JSON.parse(text).nodes[node.unique_id].description).toBe('one row per café → order');
  });
});
