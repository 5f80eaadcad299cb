// Where lines go. Text: `HH:MM:SS  message`, coloured only on a TTY (CI logs stay plain). JSON: one object
// per line for every event, for log shippers. Both write straight to the stream: no buffering layer,
// no per-node file I/O.
import type { Writable } from 'node:stream';
import type { RunEvent } from '../run/types.js';
import type { ExecutableNode } from '../manifest.js';
import { finishBlock, finishLine, startLine, type Line, type Tone } from './format.js';

export type LogFormat = 'text' | 'json';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Machine-readable payloads (ls --output json, debug) go to stdout untouched in either format. */
  raw(text: string): void;
  event(event: RunEvent, nodes: Record<string, ExecutableNode>): void;
}

const COLORS: Record<Tone, string> = { ok: '\x1b[32m', error: '\x1b[31m', warn: '\x1b[33m', skip: '\x1b[33m', plain: '' };

const concurrency = (e: { threads: number; target: string }): string =>
  `Concurrency: ${e.threads} thread${e.threads === 1 ? '' : 's'} (target='${e.target}')`;

const clock = (d: Date): string => d.toTimeString().slice(0, 8);

export function createLogger(options: { format: LogFormat; out?: Writable; err?: Writable; color?: boolean }): Logger {
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  const color = options.color ?? ((out as { isTTY?: boolean }).isTTY === true && !process.env.NO_COLOR);

  if (options.format === 'json') {
    const write = (level: string, msg: string, data?: Record<string, unknown>): void => {
      out.write(`${JSON.stringify({ ts: new Date().toISOString(), level, msg, ...(data ? { data } : {}) })}\n`);
    };
    return {
      info: (m) => write('info', m),
      warn: (m) => write('warn', m),
      error: (m) => write('error', m),
      raw: (t) => out.write(t.endsWith('\n') ? t : `${t}\n`),
      event(e, nodes) {
        if (e.type === 'node_start') write('info', startLine(e.index, e.total, e.node).text, { event: e.type, unique_id: e.node.unique_id, index: e.index, total: e.total, thread_id: e.threadId });
        else if (e.type === 'node_finish') write(e.result.status === 'error' || e.result.status === 'fail' || e.result.status === 'partial success' ? 'error' : 'info', finishLine(e.index, e.total, e.node, e.result).text, { event: e.type, index: e.index, total: e.total, ...e.result });
        else if (e.type === 'run_start') write('info', concurrency(e), { event: e.type, total: e.total, threads: e.threads, target: e.target });
        else {
          for (const line of finishBlock(e.results, nodes)) if (line.text) write(line.tone === 'error' ? 'error' : 'info', line.text);
          write('info', 'run finished', { event: e.type, elapsed_time: e.results.elapsed_time });
        }
      },
    };
  }

  const print = (stream: Writable, line: Line): void => {
    const text = color && COLORS[line.tone] ? `${COLORS[line.tone]}${line.text}\x1b[0m` : line.text;
    stream.write(`${clock(new Date())}  ${text}\n`);
  };
  return {
    info: (m) => print(out, { text: m, tone: 'plain' }),
    warn: (m) => print(err, { text: m, tone: 'warn' }),
    error: (m) => print(err, { text: m, tone: 'error' }),
    raw: (t) => out.write(t.endsWith('\n') ? t : `${t}\n`),
    event(e, nodes) {
      if (e.type === 'node_start') print(out, startLine(e.index, e.total, e.node));
      else if (e.type === 'node_finish') print(out, finishLine(e.index, e.total, e.node, e.result));
      else if (e.type === 'run_start') print(out, { text: concurrency(e), tone: 'plain' });
      else for (const line of finishBlock(e.results, nodes)) print(out, line);
    },
  };
}
