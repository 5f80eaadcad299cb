// Lines of a JSONL file with their byte offsets, so a caller can copy a file's first part byte for byte
// (fs.copyFile + truncate) instead of decoding and writing it again line by line (several times slower).
import { createReadStream } from 'node:fs';

/**
 * Calls `each` for every line from byte `start` on with its byte offset (`\n` ends a line; the last line
 * may lack it). `afterChunk` runs between reads, for a caller that writes what it collected.
 */
export async function forEachLine(
  file: string,
  start: number,
  each: (text: string, offset: number) => void,
  afterChunk?: () => Promise<void>,
): Promise<void> {
  let rest: Buffer = Buffer.alloc(0);
  let offset = start; // of rest[0]
  for await (const chunk of createReadStream(file, { start })) {
    const buf = rest.length > 0 ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let from = 0;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, from)) {
      each(buf.toString('utf8', from, nl > from && buf[nl - 1] === 13 ? nl - 1 : nl), offset + from);
      from = nl + 1;
    }
    rest = buf.subarray(from);
    offset += from;
    if (afterChunk) await afterChunk();
  }
  if (rest.length > 0) each(rest.toString('utf8'), offset);
}
