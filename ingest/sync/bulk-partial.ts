// What can be kept from a FAILED bulk operation's `partialDataUrl` file. The file stops at an arbitrary
// line, and a child line comes after its parent but not necessarily right after (reference section 4), so
// the last roots may lack some of their children. A root is *closed* once a later root's child has been
// seen (children come in their parents' order); the roots from the parent of the last child line on are
// *open*. Open roots are left out, with their children, and the rerun starts at the oldest one's
// `updatedAt`, inclusive: every root it reads again lands whole, and kept roots never need a child more.
//
// Parsing each line in Node is slow next to the warehouse's own reader, but this runs only after an
// operation failed, once per failure, and it is what decides the rerun's window.
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { IngestError } from '../client/errors.js';
import type { StreamName } from '../queries.js';

/** Streams whose bulk query nests a connection (their files hold child lines): see `bulkQuery`. */
export const HAS_CHILD_LINES: Record<StreamName, boolean> = { customers: false, orders: true, products: true };

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
  line: number;
}

type Line = { __parentId?: unknown; id?: unknown; updatedAt?: unknown };

async function* lines(file: string): AsyncGenerator<string> {
  const reader = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  try {
    yield* reader;
  } finally {
    reader.close();
  }
}

/** One pass: which roots are open at the end of the file (see the header). */
async function scan(file: string, nested: boolean) {
  let roots: Root[] = [];
  let head = 0; // roots[head..] may still be open
  let pos = new Map<string, number>();
  let total = 0;
  let count = 0;
  let torn = -1;
  let sawChild = false;
  let distrust: string | undefined;
  let n = -1;
  for await (const text of lines(file)) {
    n++;
    if (text.trim() === '') continue;
    if (torn >= 0) throw new IngestError(`bulk partial file: line ${torn + 1} is not JSON but more lines follow it`);
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      torn = n; // the write was cut inside this line: only acceptable as the last one
      continue;
    }
    count++;
    if (typeof line.__parentId === 'string') {
      sawChild = true;
      const k = pos.get(line.__parentId);
      // Its parent already closed (or never seen): children are out of order, so no root can be trusted.
      if (k === undefined) distrust ??= `a child of ${line.__parentId} came after that root was taken as complete`;
      else if (k > head) {
        for (let j = head; j < k; j++) pos.delete(roots[j]!.id);
        head = k;
      }
      continue;
    }
    if (typeof line.id !== 'string' || typeof line.updatedAt !== 'string') throw new IngestError(`bulk partial file: root line ${n + 1} has no id or updatedAt`);
    const previous = roots[roots.length - 1];
    if (previous && Date.parse(line.updatedAt) < Date.parse(previous.updatedAt)) distrust ??= `roots are not sorted by updatedAt at line ${n + 1}`;
    total++;
    if (!nested) head = roots.length; // a root without nested connections is complete on its own line
    if (head > 4096 && head * 2 > roots.length) {
      roots = roots.slice(head);
      head = 0;
      pos = new Map(roots.map((r, i) => [r.id, i]));
    }
    pos.set(line.id, roots.length);
    roots.push({ id: line.id, updatedAt: line.updatedAt, line: n });
  }
  // Without a single child line, any root may still be waiting for its children.
  if (nested && !sawChild) head = 0;
  return { roots, head, total, lines: count, torn, distrust, lastRoot: roots[roots.length - 1], nested };
}

/**
 * Reads the partial file, writes the lines of its closed roots to `out` (unless nothing needs leaving
 * out) and says where the rerun must start.
 */
export async function cutPartialFile(partial: string, stream: StreamName, out: string): Promise<PartialCut> {
  const s = await scan(partial, HAS_CHILD_LINES[stream]);
  if (!s.lastRoot) return { file: partial, keptRoots: 0, keptLines: 0, droppedRoots: 0 };
  if (s.distrust) return { file: partial, keptRoots: 0, keptLines: 0, droppedRoots: s.total, distrust: s.distrust };
  const open = s.nested ? s.roots.slice(s.head) : [];
  // Sorted roots: the oldest open root is the first; with none open, the newest root's ties may follow the cut.
  const rerunFrom = open.length > 0 ? open[0]!.updatedAt : s.lastRoot.updatedAt;
  const keptRoots = s.total - open.length;
  if (open.length === 0 && s.torn < 0) return { file: partial, keptRoots, keptLines: s.lines, droppedRoots: 0, rerunFrom };
  const written = await writeKept(partial, out, open.length > 0 ? open[0]!.line : Infinity, new Set(open.map((r) => r.id)), s.torn);
  return { file: out, keptRoots, droppedRoots: open.length, rerunFrom, ...written };
}

/** Copies lines before `firstOpenLine` as they are; later ones only when neither they nor their parent are open. */
async function writeKept(partial: string, out: string, firstOpenLine: number, open: Set<string>, torn: number): Promise<{ keptLines: number }> {
  const sink = createWriteStream(out);
  let keptLines = 0;
  let n = -1;
  try {
    for await (const text of lines(partial)) {
      n++;
      if (n === torn || text.trim() === '' || n >= firstOpenLine && isOpen(JSON.parse(text) as Line, open)) continue;
      keptLines++;
      if (!sink.write(`${text}\n`)) await once(sink, 'drain');
    }
  } finally {
    sink.end();
    await once(sink, 'close');
  }
  return { keptLines };
}

function isOpen(line: Line, open: Set<string>): boolean {
  return typeof line.__parentId === 'string' ? open.has(line.__parentId) : open.has(line.id as string);
}
