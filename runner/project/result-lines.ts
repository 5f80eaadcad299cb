// The cached whole result (compile-result.json) as lines of JSON: a head line (the result with its
// manifest's nodes left out), then the nodes as flat [id, node, id, node...] lists of about LINE_CHARS per
// line, then a line with their count. Read through one reused buffer, no line is ever a large string: parsed
// as one ~6 MB string, the file was first a 6 MB buffer and then a 6 MB string, fresh memory pages that cost
// more than the parse itself on this VM. Each line is still longer than the size from which V8's JSON.parse
// builds straight into the old generation (kPretenureTreshold, 100 K characters, in V8's json-parser.h), so
// the parsed nodes are not copied again by the young-generation collector, as short lines' would be.
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import type { CachedResult } from '../compile/cache.js';

const LINE_CHARS = 110 * 1024;

type Head = Omit<CachedResult, 'manifest'> & { manifest: Record<string, unknown> };

/**
 * The file's text in pieces, each line ending in '\n': the head line (which starts with `{"key":`, see
 * mayHoldKey), the node lines, and a last line with their count, so a file cut short reads as no result.
 */
export function* resultLines(result: CachedResult): Generator<string> {
  const { manifest, ...rest } = result;
  // `nodes: null` keeps the key's place, so the manifest read back has its keys in the same order.
  const head: Head = { ...rest, manifest: { ...manifest, nodes: null } };
  yield `${JSON.stringify(head)}\n`;
  let line: string[] = [];
  let size = 0;
  let lines = 0;
  for (const [id, node] of Object.entries(manifest.nodes as Record<string, unknown>)) {
    const piece = `${JSON.stringify(id)},${JSON.stringify(node)}`;
    line.push(piece);
    size += piece.length;
    if (size >= LINE_CHARS) {
      yield `[${line.join(',')}]\n`;
      lines++;
      line = [];
      size = 0;
    }
  }
  if (line.length > 0) {
    yield `[${line.join(',')}]\n`;
    lines++;
  }
  yield `${JSON.stringify({ nodeLines: lines })}\n`;
}

/** The result read back from `file`, or undefined when there is none or it is not whole. */
export function readResultLines(file: string): CachedResult | undefined {
  let head: Head | undefined;
  const nodes: Record<string, unknown> = {};
  let lines = 0;
  let whole = false;
  const take = (text: string) => {
    if (head === undefined) head = JSON.parse(text) as Head;
    else if (text.startsWith('[')) {
      const list = JSON.parse(text) as unknown[];
      for (let i = 0; i < list.length; i += 2) nodes[list[i] as string] = list[i + 1];
      lines++;
    } else whole = (JSON.parse(text) as { nodeLines?: unknown }).nodeLines === lines;
  };
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    eachLine(fd, take);
  } catch {
    return undefined; // unreadable: the cache is disposable
  } finally {
    closeSync(fd);
  }
  if (!head || !whole || typeof head.manifest !== 'object' || head.manifest === null) return undefined;
  head.manifest.nodes = nodes;
  return head as unknown as CachedResult;
}

/** Calls `take` with each line's text, read through one buffer that grows only for a longer line. */
function eachLine(fd: number, take: (text: string) => void): void {
  let buffer = Buffer.allocUnsafe(4 * LINE_CHARS);
  let start = 0;
  let end = 0;
  for (;;) {
    if (start > 0) {
      buffer.copy(buffer, 0, start, end);
      end -= start;
      start = 0;
    }
    if (end === buffer.length) {
      const larger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(larger, 0, 0, end);
      buffer = larger;
    }
    const read = readSync(fd, buffer, end, buffer.length - end, null);
    let from = end;
    end += read;
    const view = buffer.subarray(0, end);
    let newline: number;
    while ((newline = view.indexOf(10, from)) !== -1) {
      const bytes = view.subarray(start, newline);
      // An all-ASCII line (the usual: JSON of SQL) decodes as latin1, the same string faster than UTF-8.
      take(bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8'));
      start = from = newline + 1;
    }
    if (read === 0) {
      if (start < end) throw new Error('the last line has no end');
      return;
    }
  }
}
