// Where events go. Both transports take events synchronously and do their I/O in the background, so the
// executor's event hook never waits on a disk or a network; `close()` settles what is pending at the end
// of the run and reports problems as warning lines (never throws: lineage must not fail a build).
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { dirname, resolve } from 'node:path';
import { lineageEndpoint, printableUrl, type OpenLineageConfig } from './openlineage-config.js';
import type { RunEventJson } from './openlineage-events.js';

export interface Transport {
  send(event: RunEventJson): void;
  /** Waits (bounded) for pending events; returns warning lines. */
  close(): Promise<string[]>;
}

/** Appends one JSON object per line (the OpenLineage clients' file transport with append mode), so seed,
 * run and test invocations of one CI job accumulate in one file. */
export function fileTransport(file: string): Transport {
  let stream: WriteStream | undefined;
  let error: string | undefined;
  const open = (): WriteStream | undefined => {
    if (stream || error) return stream;
    try {
      mkdirSync(dirname(resolve(file)), { recursive: true });
      stream = createWriteStream(file, { flags: 'a' });
      stream.on('error', (e) => { error ??= e.message; });
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    return stream;
  };
  return {
    send(event) {
      open()?.write(`${JSON.stringify(event)}\n`);
    },
    async close() {
      if (stream) await new Promise<void>((done) => stream!.end(done));
      return error ? [`OpenLineage: could not write events to ${file}: ${error}`] : [];
    },
  };
}

/** One POST; resolves with the status code. node:http rather than fetch: the transport owns its keep-alive
 * agent and destroys it at close, where fetch's shared pool would hold the process open for seconds. */
function postJson(url: URL, agent: HttpAgent, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, signal }, (response) => {
      response.resume(); // drain, so the socket goes back to the agent
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** A short reason for a failed POST (the socket error code where there is one, never the request). */
function reasonOf(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || (error.cause as Error | undefined)?.name === 'TimeoutError')) return 'timed out';
  const code = (error as { code?: string } | undefined)?.code;
  return code && code !== 'ABORT_ERR' ? code : error instanceof Error ? error.message : String(error);
}

const CONCURRENCY = 4;

/** POSTs each event as JSON to `<url>/<endpoint>` (OpenLineage HTTP transport), at most CONCURRENCY at a
 * time, a run's events in order (a catalog sees START before COMPLETE), the queue bounded by maxQueue. */
export function httpTransport(config: OpenLineageConfig): Transport {
  const endpoint = lineageEndpoint(config);
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    /* every event fails with the reason below */
  }
  const agent = url?.protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
  const abort = new AbortController();
  let sent = 0;
  let failed = 0;
  let dropped = 0;
  let firstError: string | undefined;
  let pending = 0;
  let active = 0;
  const waiting: Array<() => void> = [];
  const lastOfRun = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();

  const slot = (): Promise<void> => (active < CONCURRENCY ? (active++, Promise.resolve()) : new Promise((r) => waiting.push(r)));
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  const post = async (body: string): Promise<void> => {
    await slot();
    try {
      if (abort.signal.aborted) throw new Error('not sent before the end of the run');
      if (!url) throw new Error('not a valid URL');
      const status = await postJson(url, agent, headers, body, AbortSignal.any([abort.signal, AbortSignal.timeout(config.timeoutMs)]));
      if (status < 200 || status >= 300) throw new Error(`HTTP ${status}`);
      sent++;
    } catch (error) {
      failed++;
      firstError ??= abort.signal.aborted ? 'not sent before the end of the run' : reasonOf(error);
    } finally {
      release();
    }
  };

  return {
    send(event) {
      if (pending >= config.maxQueue) { dropped++; return; }
      pending++;
      const body = JSON.stringify(event);
      const previous = lastOfRun.get(event.run.runId) ?? Promise.resolve();
      const done: Promise<void> = previous.then(() => post(body)).finally(() => {
        pending--;
        inFlight.delete(done);
        if (lastOfRun.get(event.run.runId) === done) lastOfRun.delete(event.run.runId);
      });
      inFlight.add(done);
      lastOfRun.set(event.run.runId, done);
    },
    async close() {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((r) => { timer = setTimeout(r, config.flushTimeoutMs); timer.unref(); });
      await Promise.race([Promise.allSettled([...inFlight]).then(async () => { while (inFlight.size) await Promise.allSettled([...inFlight]); }), deadline]);
      clearTimeout(timer);
      abort.abort();
      await Promise.allSettled([...inFlight]);
      agent.destroy(); // idle keep-alive sockets would hold the process open
      if (failed === 0 && dropped === 0) return [];
      const total = sent + failed + dropped;
      const parts = [`${failed + dropped} of ${total} events were not delivered to ${printableUrl(endpoint)}`];
      if (firstError) parts.push(`(${firstError})`);
      if (dropped) parts.push(`${dropped} dropped because more than ${config.maxQueue} were waiting`);
      return [`OpenLineage: ${parts.join(' ')}; the run itself is unaffected.`];
    },
  };
}
