// The lineage cache: a model's lineage is a pure function of its LineageInput (compiled SQL, its inputs'
// relations and known columns, dialect), so it is keyed by a hash of that input plus the parser's version.
// Kept in target/lineage_cache.json between runs: after an edit only the models whose SQL or input columns
// changed are parsed again. Each run writes back only the entries it used (no unbounded growth).
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getVersion } from '@polyglot-sql/sdk';
import type { LineageInput } from './analyze.js';
import type { ModelLineage } from './types.js';

export const LINEAGE_CACHE_FILE = 'lineage_cache.json';
const VERSION = 1;

export interface LineageCache {
  get(key: string): ModelLineage | undefined;
  set(key: string, lineage: ModelLineage): void;
  /** Entries looked up or stored in this run. */
  used(): Record<string, ModelLineage>;
}

let parserVersion: string | undefined;

export function lineageKey(input: LineageInput): string {
  parserVersion ??= getVersion();
  return createHash('sha1').update(parserVersion).update('\u0000').update(JSON.stringify(input)).digest('base64url');
}

export function lineageCache(entries: Record<string, ModelLineage> = {}): LineageCache {
  const used: Record<string, ModelLineage> = {};
  return {
    get(key) {
      const hit = entries[key];
      if (hit) used[key] = hit;
      return hit;
    },
    set(key, lineage) {
      used[key] = lineage;
    },
    used: () => used,
  };
}

/** The cache stored under `dir` (target/), empty when absent, unreadable or from another format. */
export async function readLineageCache(dir: string): Promise<LineageCache> {
  try {
    const doc = JSON.parse(await readFile(join(dir, LINEAGE_CACHE_FILE), 'utf8')) as { version?: number; entries?: Record<string, ModelLineage> };
    return lineageCache(doc.version === VERSION && doc.entries ? doc.entries : {});
  } catch {
    return lineageCache();
  }
}

export async function writeLineageCache(dir: string, cache: LineageCache): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, LINEAGE_CACHE_FILE), JSON.stringify({ version: VERSION, entries: cache.used() }));
}
