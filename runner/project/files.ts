// Reading a project's files from disk. Missing optional folders are not an error (dbt behaves the same).
import { hash } from 'node:crypto';
import { isAscii } from 'node:buffer';
import { closeSync, promises as fs, openSync, readSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ProjectFile, SeedFile } from './types.js';

const TEXT_EXTENSIONS = new Set(['.sql', '.yml', '.yaml', '.md', '.ts']);

export function sha256(text: string | Buffer): string {
  return hash('sha256', text, 'hex');
}

/** Every file under `dir` (recursively), project-relative POSIX paths, sorted. */
export async function listFiles(root: string, dir: string): Promise<string[]> {
  const files: string[] = [];
  const relativeDir = path.relative(root, path.resolve(root, dir)).split(path.sep).join('/');
  try {
    walk(path.resolve(root, dir), relativeDir, files);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
  return files.sort();
}

/**
 * One synchronous readdir per folder, relative paths built by appending names: readdir's own recursive mode
 * joined and re-normalised an absolute path per entry, then each was made relative again (together most of
 * listing a 5,000-model project). Like it, symlinks are neither followed nor listed.
 */
function walk(absolute: string, relative: string, files: string[]): void {
  for (const entry of readdirSync(absolute, { withFileTypes: true })) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) walk(path.join(absolute, entry.name), child, files);
    else if (entry.isFile()) files.push(child);
  }
}

export async function readTextFiles(root: string, dirs: string[]): Promise<ProjectFile[]> {
  const seen = new Set<string>();
  const paths: string[] = [];
  for (const dir of dirs) {
    for (const file of await listFiles(root, dir)) {
      if (!seen.has(file) && TEXT_EXTENSIONS.has(path.extname(file)) && !path.basename(file).startsWith('.')) {
        seen.add(file);
        paths.push(file);
      }
    }
  }
  // Synchronous reads: for thousands of small files they cost a fraction of as many fs.promises round trips.
  const buffer = { bytes: Buffer.allocUnsafe(64 * 1024) };
  const absoluteRoot = path.resolve(root);
  return paths.map((file) => ({ path: file, contents: readText(`${absoluteRoot}${path.sep}${path.sep === '/' ? file : file.split('/').join(path.sep)}`, buffer) }));
}

/**
 * A file's text, as readFileSync(file, 'utf8') gives it, read through one reused buffer: open, read, close
 * (no stat, no buffer per file), and an all-ASCII file (nearly every SQL and YAML file) decoded as latin1,
 * which gives the same string faster. Reading 5,000 small files this way costs about half as much.
 */
function readText(file: string, buffer: { bytes: Buffer }): string {
  const fd = openSync(file, 'r');
  let length = 0;
  try {
    // A read that does not fill the buffer reached the end (regular files are never read short otherwise):
    // no extra read just to see 0 bytes, which was a third of the cost for small files.
    for (;;) {
      const room = buffer.bytes.length - length;
      const read = readSync(fd, buffer.bytes, length, room, null);
      length += read;
      if (read < room) break;
      const larger = Buffer.allocUnsafe(buffer.bytes.length * 2);
      buffer.bytes.copy(larger, 0, 0, length);
      buffer.bytes = larger;
    }
  } finally {
    closeSync(fd);
  }
  const bytes = buffer.bytes.subarray(0, length);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

export async function readSeeds(root: string, dirs: string[]): Promise<SeedFile[]> {
  const files = (await Promise.all(dirs.map((dir) => listFiles(root, dir)))).flat().filter((file) => file.endsWith('.csv'));
  return Promise.all(
    [...new Set(files)].map(async (file) => {
      const absolutePath = path.join(root, file);
      const bytes = await fs.readFile(absolutePath);
      return { path: file, absolutePath, checksum: sha256(bytes), header: csvHeader(bytes.subarray(0, 64 * 1024).toString('utf8')) };
    }),
  );
}

/** Column names from the CSV's first line, for manifest columns only; the engine reads the data itself. */
function csvHeader(text: string): string[] {
  const line = (text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '').trim();
  if (!line) return [];
  const names: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === '"') {
      if (quoted && line[i + 1] === '"') {
        current += '"';
        i++;
      } else quoted = !quoted;
    } else if (char === ',' && !quoted) {
      names.push(current.trim());
      current = '';
    } else current += char;
  }
  names.push(current.trim());
  return names;
}
