// Reading and writing the compile cache (I/O lives here so compile stays pure). The cache is disposable:
// an unreadable or stale file just means a cold compile.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { emptyCache, usableCache, type CompileCache } from '../compile/cache.js';

export const CACHE_FILE = 'compile-cache.json';

/** `dir` is usually `<project>/<target-path>/.cache`. */
export async function readCompileCache(dir: string): Promise<CompileCache> {
  try {
    return usableCache(JSON.parse(await fs.readFile(path.join(dir, CACHE_FILE), 'utf8')) as CompileCache);
  } catch {
    return emptyCache();
  }
}

export async function writeCompileCache(dir: string, cache: CompileCache): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, CACHE_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  // Write-then-rename so a concurrent reader never sees half a file.
  await fs.writeFile(temporary, JSON.stringify(cache));
  await fs.rename(temporary, file);
}

export function cacheDir(root: string, targetPath: string): string {
  return path.join(path.resolve(root, targetPath), '.cache');
}
