// `startListener`: the webhook receiver. Verify the signature on the raw bytes, journal (fsync), answer
// 200, then commit in micro-batches; privacy topics are finished after their batch commits.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { RawTableName } from '../warehouse/tables.js';
import { exportCustomer, findPii, patchPii } from './compliance.js';
import { WebhookCommitter, type CommitResult } from './committer.js';
import { dedupKey, type Delivery } from './delivery.js';
import { verifyHmac } from './hmac.js';
import { Journal } from './journal.js';
import { Pipeline, type BatchOptions, type PipelineStats } from './pipeline.js';

export interface ListenerOptions {
  /** DuckDB file of the target warehouse (the one `clv ingest` writes). */
  database: string;
  schema?: string;
  /** The app's client secret (HMAC key). Never logged. */
  secret: string;
  port?: number;
  host?: string;
  /** Default: `<database>.webhooks.journal`. */
  journalPath?: string;
  batch?: BatchOptions;
  apiVersion?: string;
  /** Where customers/data_request exports go. Default: `<database dir>/data_requests`. */
  exportDir?: string;
  /** After each committed batch that changed raw tables (e.g. rebuild downstream models). */
  afterCommit?: (changed: RawTableName[], result: CommitResult) => Promise<void>;
  log?: (message: string) => void;
  maxBodyBytes?: number;
}

export interface RunningListener {
  port: number;
  url: string;
  stats(): PipelineStats & { unauthorized: number; fsyncs: number };
  /** Resolves when every accepted delivery is committed (tests, benches). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export async function startListener(options: ListenerOptions): Promise<RunningListener> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const apiVersion = options.apiVersion ?? '2026-10';
  const committer = await WebhookCommitter.open(options.database, { schema: options.schema, apiVersion });
  const journal = new Journal(options.journalPath ?? `${options.database}.webhooks.journal`);
  const replayed = await journal.replay();
  const exportDir = options.exportDir ?? `${options.database.replace(/[^/\\]+$/, '')}data_requests`;
  let unauthorized = 0;

  const afterCommit = async (result: CommitResult): Promise<void> => {
    if (result.changed.length > 0 && options.afterCommit) await options.afterCommit(result.changed, result).catch((e: Error) => log(`webhooks: after-commit step failed: ${e.message}`));
    for (const item of result.compliance) {
      const ref = `webhook ${item.delivery.webhookId}`;
      if (item.action.kind === 'redact') {
        const patched = item.pii ? await patchPii(committer, item.pii) : 0;
        const left = item.pii ? await findPii(committer, item.pii) : [];
        log(`customers/redact (${ref}): customer ${item.action.customerId ?? '-'} and ${item.action.orderIds.length} orders redacted in raw tables; ${patched} downstream cells patched; ${left.length === 0 ? 'no personal values remain' : `STILL PRESENT in ${left.join(', ')}`}`);
      } else if (item.action.kind === 'shop-redact') {
        log(`shop/redact (${ref}): all raw rows of shop ${item.delivery.shop ?? '-'} deleted`);
      } else if (item.action.kind === 'data-request') {
        const file = await exportCustomer(committer, item.action, exportDir);
        log(`customers/data_request (${ref}): customer ${item.action.customerId ?? '-'} exported to ${file}`);
      }
    }
  };
  const pipeline = new Pipeline(committer, journal, options.batch ?? {}, afterCommit, log);
  if (replayed.length > 0) {
    log(`webhooks: replaying ${replayed.length} journaled deliveries`);
    pipeline.replay(replayed);
  }

  const maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      res.writeHead(req.url === '/health' ? 200 : 405).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBody) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks);
    if (!verifyHmac(raw, header(req, 'x-shopify-hmac-sha256'), options.secret)) {
      unauthorized++;
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('invalid webhook signature');
      return;
    }
    const topic = header(req, 'x-shopify-topic');
    if (!topic) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('missing X-Shopify-Topic');
      return;
    }
    const webhookId = header(req, 'x-shopify-webhook-id') ?? randomUUID();
    const eventId = header(req, 'x-shopify-event-id');
    const delivery: Delivery = {
      key: dedupKey(webhookId, eventId),
      webhookId,
      ...(eventId ? { eventId } : {}),
      topic,
      shop: header(req, 'x-shopify-shop-domain'),
      apiVersion: header(req, 'x-shopify-api-version'),
      triggeredAt: header(req, 'x-shopify-triggered-at'),
      receivedAt: new Date().toISOString(),
      body: raw.toString('utf8'),
    };
    try {
      await pipeline.accept(delivery);
    } catch (error) {
      log(`webhooks: journal write failed, answering 503 so Shopify retries: ${(error as Error).message}`);
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`webhooks: request failed: ${(error as Error).message}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    stats: () => ({ ...pipeline.stats, unauthorized, fsyncs: journal.fsyncs }),
    idle: () => pipeline.idle(),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await pipeline.close();
      await journal.close();
      await committer.close();
    },
  };
}
