// What can be kept from a FAILED bulk operation's `partialDataUrl` file. The file stops at an arbitrary
// line, and a child line comes after its parent but not necessarily right after (reference section 4), so
// the last roots may lack some of their children. Two rules mark the roots that may (*open*):
//  - children in their parents' order: every root from the parent of the last child line on;
//  - children in any order: every root within the largest *lag* seen (roots written between a parent and
//    one of its children) of the newest root, so output that interleaves children further back than the
//    first rule assumes is still covered, at the cost of reading up to one lag of roots again.
// Open roots are left out, with their children, and the rerun starts at the oldest one's `updatedAt`,
// inclusive: every root it reads again lands whole, and kept roots never need a child more.
//
// Each line is parsed in Node (slower than the warehouse's own reader: a 570 MB file took 2.1-2.7 s here,
// so a 3 GB one takes some 15 s), but only once per failed operation, and it decides the rerun's window.
// The kept file is the partial file's bytes up to the first open root plus the closed lines after it.
import { promises as fs } from 'node:fs';
import { IngestError } from '../client/errors.js';
import { bulkQuery, type StreamName } from '../queries.js';
import { forEachLine } from './jsonl-lines.js';

/** Whether a stream's bulk query nests a connection (its files then hold child lines), read from the query itself. */
export const hasChildLines = (stream: StreamName): boolean => (bulkQuery(stream, undefined).match(/\bedges \{/g) ?? []).length > 1;

export interface PartialCut {
  /** The file to land: the partial file itself when nothing was left out, else `out`. */
  file: string;
  /** Complete roots in `file`. */
  keptRoots: number;
  /** Lines (roots and children) in `file`. */
  keptLines: number;
  /** Roots of the partial file left out because they may lack children. */
  droppedRoots: number;
  /** Where the rerun starts (inclusive); absent when the file tells nothing (no roots, or roots it cannot vouch for). */
  rerunFrom?: string;
  /** Why nothing was kept although the file had roots, for the log. */
  distrust?: string;
}

interface Root {
  id: string;
  updatedAt: string;
  /** Byte offset of its line, and how many lines come before it. */
  offset: number;
  before: number;
}

type Line = { __parentId?: unknown; id?: unknown; updatedAt?: unknown };

/** Roots kept for parent look-ups; a child further back than this leaves nothing to vouch for. */
const TRACKED_ROOTS = 100_000;

/** One pass: the roots, the largest lag, the parent of the last child line (see the header). */
async function scan(file: string) {
  let roots: Root[] = [];
  let base = 0; // roots[i] is the file's root number base + i
  const pos = new Map<string, number>();
  let total = 0;
  let count = 0;
  let torn = -1; // byte offset of a line cut mid-write
  let lastChildParent = -1;
  let maxLag = 0;
  let distrust: string | undefined;
  await forEachLine(file, 0, (text, offset) => {
    if (text.trim() === '') return;
    if (torn >= 0) throw new IngestError(`bulk partial file: the line at byte ${torn} is not JSON but more lines follow it`);
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      torn = offset; // the write was cut inside this line: only acceptable as the last one
      return;
    }
    count++;
    if (typeof line.__parentId === 'string') {
      const k = pos.get(line.__parentId);
      if (k === undefined) distrust ??= `a child of ${line.__parentId} came more than ${TRACKED_ROOTS} roots after it (or without it)`;
      else {
        lastChildParent = k;
        maxLag = Math.max(maxLag, total - 1 - k);
      }
      return;
    }
    if (typeof line.id !== 'string' || typeof line.updatedAt !== 'string') throw new IngestError(`bulk partial file: the root line at byte ${offset} has no id or updatedAt`);
    const previous = roots[roots.length - 1];
    if (previous && Date.parse(line.updatedAt) < Date.parse(previous.updatedAt)) distrust ??= `roots are not sorted by updatedAt (${line.id})`;
    if (roots.length >= 2 * TRACKED_ROOTS) {
      for (const r of roots.slice(0, TRACKED_ROOTS)) pos.delete(r.id);
      roots = roots.slice(TRACKED_ROOTS);
      base += TRACKED_ROOTS;
    }
    pos.set(line.id, total++);
    roots.push({ id: line.id, updatedAt: line.updatedAt, offset, before: count - 1 });
  });
  return { roots, base, total, lines: count, torn, distrust, lastChildParent, maxLag };
}

/** The file's number of the first open root (total: none open). */
function firstOpen(s: Awaited<ReturnType<typeof scan>>, nested: boolean): number {
  if (!nested) return s.total; // a root without nested connections is complete on its own line
  if (s.lastChildParent < 0) return 0; // not a single child yet: any root may still be waiting for its children
  return Math.max(0, Math.min(s.lastChildParent, s.total - 1 - s.maxLag));
}

/**
 * Reads the partial file, writes the lines of its closed roots to `out` (unless nothing needs leaving
 * out) and says where the rerun must start.
 */
export async function cutPartialFile(partial: string, stream: StreamName, out: string): Promise<PartialCut> {
  const s = await scan(partial);
  const lastRoot = s.roots[s.roots.length - 1];
  if (!lastRoot) return { file: partial, keptRoots: 0, keptLines: 0, droppedRoots: 0 };
  const from = firstOpen(s, hasChildLines(stream));
  if (s.distrust || from < s.base) {
    const distrust = s.distrust ?? (s.lastChildParent < 0 ? 'not a single child line: any root may lack children' : `children came up to ${s.maxLag} roots after their parent`);
    return { file: partial, keptRoots: 0, keptLines: 0, droppedRoots: s.total, distrust };
  }
  const open = s.roots.slice(from - s.base);
  // Sorted roots: the oldest open root is the first; with none open, the newest root's ties may follow the cut.
  const rerunFrom = open.length > 0 ? open[0]!.updatedAt : lastRoot.updatedAt;
  const keptRoots = s.total - open.length;
  const common = { droppedRoots: open.length, keptRoots, rerunFrom };
  if (open.length === 0 && s.torn < 0) return { file: partial, keptLines: s.lines, ...common };
  if (keptRoots === 0) return { file: partial, keptLines: 0, ...common };
  // Every line before the first open root is kept: copy those bytes, then filter the rest.
  const first = open[0] ?? { offset: s.torn, before: s.lines };
  await fs.copyFile(partial, out);
  await fs.truncate(out, first.offset);
  const tail = open.length > 0 ? await appendClosed(partial, out, first.offset, new Set(open.map((r) => r.id))) : 0;
  return { file: out, keptLines: first.before + tail, ...common };
}

/** Appends the lines from `start` on that neither are an open root nor have one as parent; returns how many. */
async function appendClosed(partial: string, out: string, start: number, open: Set<string>): Promise<number> {
  const sink = await fs.open(out, 'a');
  let kept = 0;
  let buffer = '';
  try {
    await forEachLine(
      partial,
      start,
      (text) => {
        let line: Line;
        try {
          line = JSON.parse(text) as Line;
        } catch {
          return; // the torn last line (the scan refused any other)
        }
        const parent = typeof line.__parentId === 'string' ? line.__parentId : undefined;
        if (open.has(parent ?? (line.id as string))) return;
        kept++;
        buffer += `${text}\n`;
      },
      async () => {
        if (buffer.length < 1 << 20) return;
        await sink.write(buffer);
        buffer = '';
      },
    );
    await sink.write(buffer);
  } finally {
    await sink.close();
  }
  return kept;
}
