// Reading a project's files from disk. Missing optional folders are not an error (dbt behaves the same).
import { hash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ProjectFile, SeedFile } from './types.js';

const TEXT_EXTENSIONS = new Set(['.sql', '.yml', '.yaml', '.md', '.ts']);

export function sha256(text: string | Buffer): string {
  return hash('sha256', text, 'hex');
}

/** Every file under `dir` (recursively), project-relative POSIX paths, sorted. */
export async function listFiles(root: string, dir: string): Promise<string[]> {
  const absolute = path.resolve(root, dir);
  let entries: string[];
  try {
    entries = (await fs.readdir(absolute, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
  // Below the root (the usual case) the relative path is the rest of the string: path.relative re-normalised
  // both paths for each of thousands of files (a third of listing a 5,000-model project).
  const resolvedRoot = path.resolve(root);
  const prefix = resolvedRoot.endsWith(path.sep) ? resolvedRoot : resolvedRoot + path.sep;
  const relative = (file: string) => (file.startsWith(prefix) ? file.slice(prefix.length) : path.relative(root, file));
  return entries.map((file) => (path.sep === '/' ? relative(file) : relative(file).split(path.sep).join('/'))).sort();
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
  return paths.map((file) => ({ path: file, contents: readFileSync(path.join(root, file), 'utf8') }));
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
