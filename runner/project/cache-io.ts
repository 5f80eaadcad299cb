// Reading and writing the compile cache (I/O lives here so compile stays pure). The cache is disposable:
// an unreadable or stale file just means a cold compile. Two files: the previous whole result (small to
// check, reused when nothing changed) and the per-node part (templates, renders, tests) needed only when
// something did change.
import { isAscii } from 'node:buffer';
import { closeSync, promises as fs, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { emptyCache, usableCache, type CompileCache } from '../compile/cache.js';
import { valueDigest } from '../compile/hash.js';
import { readResultLines, resultLines } from './result-lines.js';

export const CACHE_FILE = 'compile-cache.json';
export const RESULT_FILE = 'compile-result.json';
/** Unit test nodes: parsing `unit_tests:` YAML and rendering each spec again was ~0.2 s of every warm build. */
export const UNIT_TESTS_FILE = 'unit-tests.json';

/**
 * `dir` is usually `<project>/<target-path>/.cache`. With `inputKey` (compileInputKey(project, ...)) and a
 * matching previous result, the per-node part is not read: the fast path of an unchanged project.
 */
export async function readCompileCache(dir: string, options: { inputKey?: string } = {}): Promise<CompileCache> {
  const resultFile = path.join(dir, RESULT_FILE);
  // compile() reuses the previous result only for the same input key: after an edit, its file is not parsed
  // at all (~7 MB for 5,000 models, a third of the time to start from the per-node cache).
  const result = options.inputKey !== undefined && !mayHoldKey(resultFile, options.inputKey) ? undefined : readResultLines(resultFile);
  if (result && options.inputKey && result.key === options.inputKey) {
    return { ...emptyCache(), result, partial: true };
  }
  const cache = usableCache((await readJson<CompileCache>(path.join(dir, CACHE_FILE))) ?? undefined);
  return result && cache.templates ? { ...cache, result } : cache;
}

export async function writeCompileCache(dir: string, cache: CompileCache): Promise<void> {
  if (cache.partial) return; // nothing changed since these files were written
  await fs.mkdir(dir, { recursive: true });
  const { result: lazyResult, partial: _partial, ...perNode } = cache;
  // Spread now: a lazily packed result (compile's) is packed from the manifest as it is at this call.
  const result = lazyResult && { ...lazyResult };
  await writeAtomically(path.join(dir, CACHE_FILE), jsonPieces(perNode, 3));
  if (result) await writeAtomically(path.join(dir, RESULT_FILE), resultLines(result));
}

/**
 * The unit test nodes compiled for input key `key` (the project's, plus its fixtures), if that is what the file
 * holds and the environment variables their compile read (`envNames` when written) still have those values.
 */
export function readUnitTestCache<T>(dir: string, key: string, env: Record<string, string | undefined>): T[] | undefined {
  const file = path.join(dir, UNIT_TESTS_FILE);
  if (!mayHoldKey(file, key)) return undefined;
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as { key?: string; env?: Record<string, string>; tests?: T[] };
    if (cached.key !== key || !Array.isArray(cached.tests)) return undefined;
    for (const [name, digest] of Object.entries(cached.env ?? {})) if (valueDigest(env[name]) !== digest) return undefined;
    return cached.tests;
  } catch {
    return undefined;
  }
}

export async function writeUnitTestCache(dir: string, key: string, tests: unknown[], envNames: string[], env: Record<string, string | undefined>): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  // digests, never values (as the compile cache keeps them): an env var may hold a secret
  const digests = Object.fromEntries(envNames.map((name) => [name, valueDigest(env[name])]));
  // `key` first: mayHoldKey reads only the first bytes to tell another key's file
  await writeAtomically(path.join(dir, UNIT_TESTS_FILE), [`{"key":${JSON.stringify(key)},"env":${JSON.stringify(digests)},"tests":`, JSON.stringify(tests), '}']);
}

export function cacheDir(root: string, targetPath: string): string {
  return path.join(path.resolve(root, targetPath), '.cache');
}

/**
 * False when the result file surely holds another key. writeCompileCache writes `key` first, so its first
 * bytes say; any other start (a file from elsewhere) is read in full and checked as before.
 */
function mayHoldKey(file: string, key: string): boolean {
  const expected = `{"key":${JSON.stringify(key)},`;
  const head = Buffer.alloc(expected.length + 16);
  let length: number;
  try {
    const fd = openSync(file, 'r');
    try {
      length = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false; // no file: nothing to reuse
  }
  const text = head.toString('latin1', 0, length);
  return !text.startsWith('{"key":"') || text.startsWith(expected);
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    // One sync read, then decode: an all-ASCII file (the usual cache: JSON of SQL) decodes as latin1 several
    // times faster than through the UTF-8 decoder, with the same result; anything else takes the UTF-8 path.
    const bytes = readFileSync(file);
    return JSON.parse(isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

/**
 * Write-then-rename so a concurrent reader never sees half a file. The JSON goes out in pieces (one per
 * record entry near the top), never as one string: for a 5,000-model project that string and its buffer
 * were tens of MB on top of the manifest itself.
 */
async function writeAtomically(file: string, pieces: Iterable<string>): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await fs.open(temporary, 'w');
  try {
    let pending: string[] = [];
    let size = 0;
    const flush = async () => {
      if (pending.length === 0) return;
      const chunk = pending.join('');
      pending = [];
      size = 0;
      await handle.write(chunk);
    };
    for (const piece of pieces) {
      pending.push(piece);
      size += piece.length;
      if (size > 1 << 20) await flush();
    }
    await flush();
  } finally {
    await handle.close();
  }
  await fs.rename(temporary, file);
}

/** JSON.stringify(value) in pieces: plain objects down to `depth` are opened key by key. */
export function* jsonPieces(value: unknown, depth: number): Generator<string> {
  if (depth === 0 || value === null || typeof value !== 'object' || Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, entry] of Object.entries(value)) {
    if (entry === undefined || typeof entry === 'function' || typeof entry === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonPieces(entry, depth - 1);
  }
  yield '}';
}
