// Landing files: a page becomes a JSONL file the warehouse engine reads itself.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LandOptions, LandResult, RawWriter } from '../warehouse/writer.js';
import { flattenNode, toJsonl, type Json } from './flatten.js';

export async function tempFile(suffix: string): Promise<string> {
  const dir = path.join(os.tmpdir(), 'clv-ingest');
  await fs.mkdir(dir, { recursive: true });
  swept ??= sweepStaleFiles(dir).then(
    () => undefined,
    () => undefined,
  );
  await swept;
  return path.join(dir, `${process.pid}-${randomBytes(6).toString('hex')}${suffix}`);
}

let swept: Promise<void> | undefined;

/** Files older than this whose process is gone are left over from a crash (or `kill -9`). */
export const STALE_AFTER_MS = 10 * 60_000;

/**
 * A killed ingest cannot remove its files, and a bulk file of a large store is gigabytes: the first temp
 * file a process asks for removes those whose writer (the pid in the name) no longer runs. A recent file
 * is kept even then, in case the pid belongs to another pid namespace sharing this folder.
 */
export async function sweepStaleFiles(dir: string, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await fs.readdir(dir)) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile() || now - stat.mtimeMs < STALE_AFTER_MS) continue;
    await fs.rm(file, { force: true });
    removed.push(name);
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function landNodes(writer: RawWriter, nodes: Json[], options: LandOptions, parentIds?: string[]): Promise<LandResult> {
  if (nodes.length === 0) {
    if (options.state) await writer.writeState(options.state.stream, options.state.cursor);
    return { rows: {}, roots: 0, total: 0 };
  }
  const lines: Json[] = [];
  nodes.forEach((node, i) => flattenNode(node, lines, parentIds?.[i]));
  const file = await tempFile('.jsonl');
  try {
    await fs.writeFile(file, toJsonl(lines));
    return await writer.land(file, options);
  } finally {
    await fs.rm(file, { force: true });
  }
}

/**
 * Lands any number of nodes as ONE file, written in chunks so memory stays flat. Into empty raw tables a
 * single file takes the backfill fast path (plain INSERTs, keys added after) for all of its rows, where
 * batches of pages would take it only for the first batch and upsert the rest row by row.
 */
export async function landNodeStream(writer: RawWriter, nodes: Iterable<Json>, options: LandOptions = {}, chunk = 2_000): Promise<LandResult> {
  const file = await tempFile('.jsonl');
  try {
    const out = await fs.open(file, 'w');
    try {
      let lines: Json[] = [];
      let roots = 0;
      for (const node of nodes) {
        flattenNode(node, lines);
        if (++roots % chunk === 0) {
          await out.write(toJsonl(lines));
          lines = [];
        }
      }
      if (lines.length > 0) await out.write(toJsonl(lines));
    } finally {
      await out.close();
    }
    return await writer.land(file, options);
  } finally {
    await fs.rm(file, { force: true });
  }
}
