// Public entry: start a local Shopify Admin API simulator on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FieldNode } from 'graphql';
import { simulateActivity, type ActivityPlan } from './activity.js';
import { BulkOperations } from './bulk.js';
import { createClock, DAY_MS, type SimClock } from './clock.js';
import { CostBucket, PLAN_LIMITS, type Plan } from './cost.js';
import type { Connection } from './execute.js';
import type { FaultConfig } from './faults.js';
import { DEFAULT_TRUTH, type TruthParams } from './params.js';
import { mutationRoot, queryRoot, type RootDeps } from './root.js';
import { adminSchema } from './schema.js';
import { createHandler, emptyStats, type SimStats } from './server.js';
import { SimulatedStore } from './store.js';
import { mulberry32 } from './random.js';
import { WebhookDispatcher, webhookBody, type WebhookConfig, type WebhookStats } from './webhooks.js';
import { getArgumentValues } from 'graphql';

export type { FaultConfig } from './faults.js';
export type { ActivityPlan, ActivityResult } from './activity.js';
export type { TruthParams } from './params.js';
export type { SimClock } from './clock.js';
export { SimulatedStore } from './store.js';
export type { StoreEvent } from './store.js';
export type { WebhookConfig, WebhookStats } from './webhooks.js';

export const DEFAULT_API_VERSION = '2026-10';
export const DEFAULT_SCOPES = ['read_orders', 'read_all_orders', 'read_customers', 'read_products', 'read_inventory'];

export interface SimulatorOptions {
  customers?: number; // default 2000
  seed?: number; // default 1
  port?: number; // 0 = free port
  plan?: Plan;
  /** Multiplies the plan's restore rate and bucket size (fast benches). */
  restoreRateScale?: number;
  apiVersion?: string;
  accessToken?: string;
  faults?: FaultConfig;
  /** Seeds the fault draws so a test run injects the same faults every time (default: Math.random). */
  faultSeed?: number;
  /** Simulated history window; default: the two years ending at today's 00:00 UTC. */
  startDate?: string;
  endDate?: string;
  scopes?: string[];
  truth?: Partial<TruthParams>;
  /** Sim time after the history runs with wall time (default true); false freezes it except for advance(). */
  realtimeClock?: boolean;
  /** Mutate the store every N GraphQL requests while a sync runs. */
  live?: LiveMode;
  /** POST store events (and bulk_operations/finish) to this endpoint, signed with the secret. */
  webhooks?: WebhookConfig;
}

export interface BulkOperationRecord {
  id: string;
  query: string;
  status: string;
  errorCode: string | null;
  rootObjectCount: number;
  url: string | null;
  partialDataUrl: string | null;
}

export interface LiveMode { everyRequests: number; activity: ActivityPlan; advanceMs?: number }

export interface RunningSimulator {
  url: string;
  shop: string;
  port: number;
  accessToken: string;
  apiVersion: string;
  store: SimulatedStore;
  clock: SimClock;
  bucket: CostBucket;
  setFaults(f: FaultConfig): void;
  setLive(l: LiveMode | null): void;
  setWebhooks(w: WebhookConfig | null): void;
  webhookStats(): WebhookStats;
  /** Resolves when every webhook delivery so far has succeeded or given up. */
  flushWebhooks(): Promise<void>;
  stats(): SimStats;
  /** Every bulk operation started so far, oldest first: what the simulator received and how it ended (tests). */
  bulkOperations(): BulkOperationRecord[];
  /** Resolves when no bulk operation is running (tests). */
  bulkIdle(): Promise<void>;
  close(): Promise<void>;
}

function defaultWindow(o: SimulatorOptions): { start: number; end: number } {
  const end = o.endDate ? Date.parse(o.endDate) : Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const start = o.startDate ? Date.parse(o.startDate) : end - 730 * DAY_MS;
  if (!(end > start)) throw new RangeError(`simulator: startDate (${o.startDate}) must be before endDate (${o.endDate})`);
  return { start, end };
}

export function createStore(o: SimulatorOptions & { shopDomain?: string; clock?: SimClock } = {}): SimulatedStore {
  const { start, end } = defaultWindow(o);
  const truth: TruthParams = { ...DEFAULT_TRUTH, ...o.truth };
  const clock = o.clock ?? createClock(end, o.realtimeClock ?? true);
  return new SimulatedStore({ seed: o.seed ?? 1, customers: o.customers ?? 2000, start, end, truth, shopDomain: o.shopDomain ?? 'simulated-shop.myshopify.com', clock });
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const plan: Plan = options.plan ?? 'standard';
  const scale = options.restoreRateScale ?? 1;
  const limits = PLAN_LIMITS[plan];
  const bucket = new CostBucket(limits.maximumAvailable * scale, limits.restoreRate * scale);
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
  const accessToken = options.accessToken ?? `shpat_${randomBytes(16).toString('hex')}`;
  const scopes = options.scopes ?? DEFAULT_SCOPES;
  let faults: FaultConfig = { ...options.faults };
  let forcedBulkFailures = faults.bulkFailureCount ?? 0;
  let live: LiveMode | null = options.live ?? null;
  const stats = emptyStats();
  let baseUrl = '';
  let shopHost = '';
  const store = createStore({ ...options, shopDomain: 'simulated-shop.myshopify.com' });
  const schema = adminSchema();
  const dir = join(tmpdir(), `clv-simulator-${process.pid}-${randomBytes(4).toString('hex')}`);
  let deps: RootDeps;
  const webhooks = new WebhookDispatcher(options.webhooks ?? null, () => shopHost, apiVersion);
  store.onEvent((e) => {
    const body = webhookBody(store, e);
    if (body) webhooks.send(e.topic, body, e.at);
  });
  const bulk = new BulkOperations({
    schema, dir, baseUrl: () => baseUrl, now: () => store.clock.now(), maxConcurrent: apiVersion >= '2026-01' ? 5 : 1,
    failure: () => {
      const forced = forcedBulkFailures > 0;
      if (forced) forcedBulkFailures--;
      if (!forced && !(Math.random() < (faults.bulkFailureRate ?? 0))) return null;
      return { at: faults.bulkFailureAt ?? Math.random(), errorCode: faults.bulkFailureCode ?? 'INTERNAL_SERVER_ERROR' };
    },
    onFinish: (op) => webhooks.send('bulk_operations/finish', {
      admin_graphql_api_id: op.id, status: op.status.toLowerCase(), error_code: op.errorCode?.toLowerCase() ?? null,
      type: 'query', created_at: op.createdAt, completed_at: op.completedAt,
    }, op.completedAt ?? op.createdAt),
    resolveRoot: (field: FieldNode) => {
      const root = queryRoot({ ...deps, bulkMode: true });
      const def = schema.getQueryType()!.getFields()[field.name.value]!;
      const fn = root[field.name.value] as (a: Record<string, unknown>, n: FieldNode) => Connection;
      return fn(getArgumentValues(def, field, {}), field);
    },
  });
  deps = { store, bulk, scopes, plan, shopName: 'Simulated Outfitters', shopHost: '', bulkMode: false };
  let requestCount = 0;
  const handler = createHandler({
    accessToken, bucket, bulk, stats, faults: () => faults, faultRandom: options.faultSeed === undefined ? Math.random : mulberry32(options.faultSeed),
    graphql: { schema, bucket, queryRoot: () => queryRoot({ ...deps, shopHost }), mutationRoot: () => mutationRoot(deps) },
    afterGraphql: () => {
      requestCount++;
      if (live && live.everyRequests > 0 && requestCount % live.everyRequests === 0) {
        if (live.advanceMs) store.clock.advance(live.advanceMs);
        simulateActivity(store, live.activity);
      }
    },
  });
  const server: Server = createServer((req, res) => {
    handler(req, res).catch((e: unknown) => {
      process.emitWarning(`simulator: internal error: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent) {
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ errors: [{ message: 'Internal error. Looks like something went wrong on our end.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
      } else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  shopHost = `127.0.0.1:${port}`;
  deps.shopHost = shopHost;
  return {
    url: baseUrl, shop: shopHost, port, accessToken, apiVersion, store, clock: store.clock, bucket,
    setFaults: (f) => { faults = { ...f }; forcedBulkFailures = f.bulkFailureCount ?? 0; },
    setLive: (l) => { live = l; },
    setWebhooks: (w) => webhooks.configure(w),
    webhookStats: () => ({ ...webhooks.stats }),
    flushWebhooks: () => webhooks.flush(),
    stats: () => structuredClone(stats),
    bulkOperations: () => bulk.list().map((op) => ({
      id: op.id, query: op.query, status: op.status, errorCode: op.errorCode, rootObjectCount: op.rootObjectCount, url: op.url, partialDataUrl: op.partialDataUrl,
    })),
    bulkIdle: async () => { while (bulk.running.size > 0) await Promise.all([...bulk.running]); },
    close: async () => {
      await Promise.allSettled([...bulk.running]);
      await webhooks.flush();
      await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
