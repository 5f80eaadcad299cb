// The HTTP face of the simulator: Admin GraphQL endpoint (auth, faults, cost) and bulk result downloads.
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { BulkOperations } from './bulk.js';
import type { CostBucket } from './cost.js';
import { INVALID_TOKEN_BODY, MISSING_QUERY_BODY } from './errors.js';
import { drawFaults, type FaultConfig, type FaultKind } from './faults.js';
import { runGraphql, type GraphqlDeps } from './graphql-handler.js';

export interface SimStats {
  requests: number;
  graphqlRequests: number;
  throttled: number;
  costUsed: number;
  unauthorized: number;
  faults: Record<FaultKind, number>;
  bulkDownloads: number;
}

export function emptyStats(): SimStats {
  return { requests: 0, graphqlRequests: 0, throttled: 0, costUsed: 0, unauthorized: 0, bulkDownloads: 0, faults: { drop: 0, http5xx: 0, http429: 0, throttledBurst: 0, truncatedJson: 0, slow: 0 } };
}

export interface HandlerDeps {
  accessToken: string;
  graphql: GraphqlDeps;
  bucket: CostBucket;
  bulk: BulkOperations;
  faults: () => FaultConfig;
  faultRandom: () => number;
  stats: SimStats;
  afterGraphql: () => void;
}

const GRAPHQL_PATH = /^\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, truncate = false): void {
  let text = typeof body === 'string' ? body : JSON.stringify(body);
  if (truncate) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'X-Request-Id': randomUUID(), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function createHandler(deps: HandlerDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    deps.stats.requests++;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const bulkMatch = /^\/bulk\/([0-9a-f]+)\.jsonl$/.exec(url.pathname);
    if (req.method === 'GET' && bulkMatch) {
      const op = deps.bulk.byToken(bulkMatch[1]!);
      if (!op || (op.url === null && op.partialDataUrl === null)) return send(res, 404, { errors: 'Not Found' });
      deps.stats.bulkDownloads++;
      res.writeHead(200, { 'Content-Type': 'application/jsonl', 'Content-Length': String(op.fileSize ?? 0) });
      createReadStream(op.file).pipe(res);
      return;
    }
    const m = GRAPHQL_PATH.exec(url.pathname);
    if (!m) return send(res, 404, { errors: 'Not Found' });
    if (req.method !== 'POST') return send(res, 405, { errors: 'Method Not Allowed' }, { Allow: 'POST' });
    const version = m[1]!;
    const raw = await readBody(req);
    if (req.headers['x-shopify-access-token'] !== deps.accessToken) {
      deps.stats.unauthorized++;
      return send(res, 401, INVALID_TOKEN_BODY);
    }
    deps.stats.graphqlRequests++;
    const faults = drawFaults(deps.faults(), deps.faultRandom);
    for (const f of faults) deps.stats.faults[f]++;
    if (faults.has('slow')) await new Promise((r) => setTimeout(r, deps.faults().slowMs ?? 2000));
    if (faults.has('drop')) { req.socket.destroy(); return; }
    if (faults.has('http5xx')) {
      // Mostly 503 (which @shopify/admin-api-client retries itself), but 500/502/504 happen too.
      const u = deps.faultRandom();
      const [status, text] = u < 0.6 ? [503, 'Service Unavailable'] : u < 0.8 ? [500, 'Internal Server Error'] : u < 0.9 ? [502, 'Bad Gateway'] : [504, 'Gateway Timeout'];
      return send(res, status, { errors: text }, status === 503 ? { 'Retry-After': '1' } : {});
    }
    if (faults.has('http429')) return send(res, 429, { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' }, { 'Retry-After': '2.0' });
    if (faults.has('throttledBurst')) deps.bucket.drain(deps.bucket.maximumAvailable);
    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return send(res, 400, MISSING_QUERY_BODY);
    }
    if (typeof body?.query !== 'string' || body.query.trim() === '') return send(res, 400, MISSING_QUERY_BODY);
    const result = runGraphql(deps.graphql, body.query, (body.variables ?? undefined) as Record<string, unknown> | undefined, typeof body.operationName === 'string' ? body.operationName : undefined);
    if (result.throttled) deps.stats.throttled++;
    deps.stats.costUsed += result.actualCost;
    send(res, 200, result.body, { 'X-Shopify-API-Version': version }, faults.has('truncatedJson'));
    deps.afterGraphql();
  };
}
