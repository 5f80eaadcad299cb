// Which target/compiled/** files already hold the text a compile would write, so an unchanged project does
// not rewrite 20,000 files (open + write + close each; most of `clv compile`'s wall time at 5,000 models).
//
// Like git's index: target/.cache/compiled-files.json records, per file, a hash of the text written and
// the time the batch finished. A file is skipped only if its text hashes the same AND it still exists with
// an mtime clearly before that time (or, when the mtime is too close to tell, its text is read and equal);
// one deleted or edited by hand since is written again. A missing or unreadable index means every file is
// written.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

export const COMPILED_INDEX_FILE = 'compiled-files.json';
export const COMPILED_INDEX_VERSION = 1;

export interface CompiledIndex {
  clv_compiled_index: number;
  /** Date.now() after the last batch of writes finished. */
  written_at: number;
  /** Path relative to the project root -> hash of the text written there. */
  files: Record<string, string>;
}

/** md5 is enough: this detects change, it guards against no adversary, and it is twice as fast as sha1. */
export const textHash = (text: string): string => createHash('md5').update(text).digest('base64');

export function readCompiledIndex(file: string): CompiledIndex | undefined {
  try {
    const index = JSON.parse(readFileSync(file, 'utf8')) as CompiledIndex;
    return index.clv_compiled_index === COMPILED_INDEX_VERSION && typeof index.written_at === 'number' && index.files ? index : undefined;
  } catch {
    return undefined;
  }
}

/** File timestamps can lag the clock (coarse kernel time) or be rounded (1–2 s on some file systems): an
 * mtime this close to the recorded time says nothing about which came first. */
const RACY_MS = 2000;

/** True when `absolute` (recorded as `relative`) already holds `text`, whose hash is `hash`. */
export function isUpToDate(index: CompiledIndex | undefined, relative: string, absolute: string, text: string, hash: string): boolean {
  if (!index || index.files[relative] !== hash) return false;
  const stat = statSync(absolute, { throwIfNoEntry: false });
  if (stat === undefined || !stat.isFile()) return false;
  if (stat.mtimeMs < index.written_at - RACY_MS) return true;
  // Racily clean (as git calls it): written or edited around the recorded time, so compare the text itself.
  return stat.size === Buffer.byteLength(text) && readFileSync(absolute, 'utf8') === text;
}
