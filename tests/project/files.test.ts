import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles, readTextFiles } from '../../runner/project/files.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'project-files');
let root: string;

beforeAll(async () => {
  // A copy, so the test can add files around the read buffer's size (64 KiB) and a symlink.
  root = await mkdtemp(path.join(os.tmpdir(), 'clv-files-'));
  await cp(fixture, root, { recursive: true });
  await writeFile(path.join(root, 'models', 'exactly_buffer.sql'), `-- ${'x'.repeat(64 * 1024 - 4)}\n`);
  await writeFile(path.join(root, 'models', 'nested', 'large.sql'), `select '${'é'.repeat(70_000)}' as wide\n${'-- line\n'.repeat(20_000)}`);
  await symlink(path.join(root, 'models', 'nested'), path.join(root, 'models', 'linked'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('listFiles', () => {
  it('lists every file below a folder as sorted project-relative paths, without following symlinks', async () => {
    expect(await listFiles(root, 'models')).toEqual([
      'models/.hidden.sql',
      'models/empty.sql',
      'models/exactly_buffer.sql',
      'models/nested/deeper/deep.sql',
      'models/nested/large.sql',
      'models/nested/non_ascii.sql',
      'models/nested/schema.yml',
      'models/notes.txt',
      'models/with_bom.sql',
    ]);
    expect(await listFiles(root, 'models/nested/')).toEqual(['models/nested/deeper/deep.sql', 'models/nested/large.sql', 'models/nested/non_ascii.sql', 'models/nested/schema.yml']);
  });

  it('gives an empty list for a missing folder or a file', async () => {
    expect(await listFiles(root, 'no_such_folder')).toEqual([]);
    expect(await listFiles(root, 'project.yml')).toEqual([]);
  });
});

describe('readTextFiles', () => {
  it("reads each text file exactly as readFileSync(file, 'utf8') does, whatever its size or encoding", async () => {
    const files = await readTextFiles(root, ['models', 'models/nested']);
    expect(files.map((file) => file.path)).toEqual([
      'models/empty.sql',
      'models/exactly_buffer.sql',
      'models/nested/deeper/deep.sql',
      'models/nested/large.sql',
      'models/nested/non_ascii.sql',
      'models/nested/schema.yml',
      'models/with_bom.sql',
    ]);
    for (const file of files) expect(file.contents).toBe(readFileSync(path.join(root, file.path), 'utf8'));
    const byPath = new Map(files.map((file) => [file.path, file.contents]));
    expect(byPath.get('models/nested/non_ascii.sql')).toBe("select 'café → ☃' as greeting\n");
    expect(byPath.get('models/with_bom.sql')).toBe('\uFEFFselect 1 as with_bom\n');
    expect(byPath.get('models/empty.sql')).toBe('');
    expect(byPath.get('models/exactly_buffer.sql')!.length).toBe(64 * 1024);
  });

  it('reads all-ASCII files (read together, each text a slice of one string) exactly as readFileSync does', async () => {
    // Across the size where one read fills the room left, and past the first size of the joined buffer.
    await mkdir(path.join(root, 'ascii'), { recursive: true });
    const texts: Record<string, string> = { 'a.sql': '', 'b.sql': 'select 1\n', 'c.sql': `-- ${'x'.repeat(64 * 1024)}\n`, 'd.yml': 'version: 2\n', 'e.sql': `-- ${'y'.repeat(9 << 20)}\n`, 'f.sql': 'select 2' };
    for (const [name, text] of Object.entries(texts)) await writeFile(path.join(root, 'ascii', name), text);
    const files = await readTextFiles(root, ['ascii']);
    expect(files.map((file) => file.path)).toEqual(Object.keys(texts).map((name) => `ascii/${name}`));
    for (const file of files) expect(file.contents).toBe(readFileSync(path.join(root, file.path), 'utf8'));
  });
});
