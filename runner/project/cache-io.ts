// Reading and writing the compile cache (I/O lives here so compile stays pure). The cache is disposable:
// an unreadable or stale file just means a cold compile. Two files: the previous whole result (small to
// check, reused when nothing changed) and the per-node part (templates, renders, tests) needed only when
// something did change.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { emptyCache, usableCache, type CachedResult, type CompileCache } from '../compile/cache.js';

export const CACHE_FILE = 'compile-cache.json';
export const RESULT_FILE = 'compile-result.json';

/**
 * `dir` is usually `<project>/<target-path>/.cache`. With `inputKey` (compileInputKey(project, ...)) and a
 * matching previous result, the per-node part is not read: the fast path of an unchanged project.
 */
export async function readCompileCache(dir: string, options: { inputKey?: string } = {}): Promise<CompileCache> {
  const result = await readJson<CachedResult>(path.join(dir, RESULT_FILE));
  if (result && options.inputKey && result.key === options.inputKey) {
    return { ...emptyCache(), result, partial: true };
  }
  const cache = usableCache((await readJson<CompileCache>(path.join(dir, CACHE_FILE))) ?? undefined);
  return result && cache.templates ? { ...cache, result } : cache;
}

export async function writeCompileCache(dir: string, cache: CompileCache): Promise<void> {
  if (cache.partial) return; // nothing changed since these files were written
  await fs.mkdir(dir, { recursive: true });
  const { result, partial: _partial, ...perNode } = cache;
  await writeAtomically(path.join(dir, CACHE_FILE), JSON.stringify(perNode));
  if (result) await writeAtomically(path.join(dir, RESULT_FILE), JSON.stringify(result));
}

export function cacheDir(root: string, targetPath: string): string {
  return path.join(path.resolve(root, targetPath), '.cache');
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Write-then-rename so a concurrent reader never sees half a file. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, text);
  await fs.rename(temporary, file);
}
