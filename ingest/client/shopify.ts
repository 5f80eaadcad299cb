// One client for the real Admin API and the simulator: only the shop address and token differ. It owns
// pacing (cost bucket), retries and the classification of failures; callers see data or a typed error.
import { createAdminApiClient } from '@shopify/admin-api-client';
import { IngestCallerError, IngestError, IngestTransientError, QueryTooCostly, redact, registerSecret } from './errors.js';
import { waitForCostMs, type BucketState, type ThrottleStatus } from './pacer.js';
import { backoffMs, DEFAULT_RETRY, sleep, type RetryPolicy } from './retry.js';

export const DEFAULT_API_VERSION = '2026-10';

export interface ShopifyConnection {
  /** `*.myshopify.com` domain or `127.0.0.1:PORT` for the simulator. */
  shop: string;
  accessToken: string;
  apiVersion?: string;
}

export interface ClientOptions {
  retry?: RetryPolicy;
  /** Per-request timeout: a hung connection counts as a network failure. */
  timeoutMs?: number;
  warn?: (message: string) => void;
}

export interface QueryResult<T> {
  data: T;
  requestedCost?: number;
  actualCost?: number;
  /** Server clock from the `Date` header (ms), for incremental windows that must not trust our clock. */
  serverTime?: number;
}

export interface ClientStats {
  requests: number;
  throttled: number;
  retries: number;
  actualCost: number;
  waitedMs: number;
  restoreRate?: number;
  maximumAvailable?: number;
}

export interface ShopifyClient {
  readonly apiVersion: string;
  readonly shop: string;
  /** `expectedCost`: requested cost of this query if known, so the bucket can be waited for up front. */
  query<T>(query: string, variables?: Record<string, unknown>, expectedCost?: number): Promise<QueryResult<T>>;
  stats(): ClientStats;
  bucket(): ThrottleStatus | undefined;
}

const isLoopback = (shop: string): boolean => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(shop);

interface GraphQLErrorShape {
  message?: string;
  extensions?: { code?: string; cost?: number; maxCost?: number };
}

export function createShopifyClient(connection: ShopifyConnection, options: ClientOptions = {}): ShopifyClient {
  const apiVersion = connection.apiVersion ?? DEFAULT_API_VERSION;
  const retry = options.retry ?? DEFAULT_RETRY;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const warn = options.warn ?? (() => undefined);
  registerSecret(connection.accessToken);
  const loopback = isLoopback(connection.shop);
  const api = createAdminApiClient({
    storeDomain: connection.shop,
    apiVersion,
    accessToken: connection.accessToken,
    retries: 0, // we own retries: the client's own wait ignores the cost bucket
    userAgentPrefix: 'clv-ingest',
    logger: (log) => {
      if (log.type === 'Unsupported_Api_Version' || log.type === 'HTTP-Response-GraphQL-Deprecation-Notice') {
        warn(redact(`Shopify API: ${JSON.stringify(log.content)}`));
      }
    },
    // The client always builds an https URL; the loopback simulator speaks plain http.
    customFetchApi: (url, init) =>
      fetch(loopback ? String(url).replace(/^https:/, 'http:') : String(url), {
        ...(init as RequestInit),
        signal: AbortSignal.timeout(timeoutMs),
      }),
  });

  const bucket: BucketState = { observedAt: 0 };
  const stats: ClientStats = { requests: 0, throttled: 0, retries: 0, actualCost: 0, waitedMs: 0 };
  const wait = async (ms: number) => {
    stats.waitedMs += ms;
    await sleep(ms);
  };
  const observe = (status: ThrottleStatus | undefined) => {
    if (!status) return;
    bucket.status = status;
    bucket.observedAt = Date.now();
    stats.restoreRate = status.restoreRate;
    stats.maximumAvailable = status.maximumAvailable;
  };

  async function query<T>(query: string, variables?: Record<string, unknown>, expectedCost?: number): Promise<QueryResult<T>> {
    let transientFailures = 0;
    let lastProblem = '';
    for (;;) {
      if (expectedCost !== undefined) {
        const ms = waitForCostMs(bucket, expectedCost, Date.now());
        if (ms > 0) await wait(ms);
      }
      stats.requests++;
      const response = await api.request(query, { variables });
      const cost = (response.extensions as { cost?: { requestedQueryCost?: number; actualQueryCost?: number | null; throttleStatus?: ThrottleStatus } } | undefined)?.cost;
      observe(cost?.throttleStatus);
      if (typeof cost?.actualQueryCost === 'number') stats.actualCost += cost.actualQueryCost;
      const errors = response.errors;
      if (!errors) {
        const date = response.headers?.get('date');
        return {
          data: response.data as T,
          requestedCost: cost?.requestedQueryCost,
          actualCost: cost?.actualQueryCost ?? undefined,
          serverTime: date ? Date.parse(date) : undefined,
        };
      }
      const status = errors.networkStatusCode;
      const gqlErrors = (errors.graphQLErrors ?? []) as GraphQLErrorShape[];
      const codes = gqlErrors.map((e) => e.extensions?.code);
      if (status === 401 || status === 403 || codes.includes('ACCESS_DENIED')) {
        throw new IngestCallerError(
          status === 401
            ? `Shopify rejected the access token for ${connection.shop} (HTTP 401)`
            : `Shopify denied access on ${connection.shop}: ${redact(gqlErrors.map((e) => e.message).join('; ') || String(status))}`,
          {
            hint:
              status === 401
                ? 'Check SHOPIFY_ACCESS_TOKEN / --token (an Admin API access token of a custom app installed on this shop).'
                : 'Grant the app the missing access scope (read_customers, read_orders, read_all_orders, read_products) and reinstall it.',
          },
        );
      }
      if (status === 404 || status === 402 || codes.includes('SHOP_INACTIVE')) {
        throw new IngestCallerError(`Shopify answered ${status ?? codes.join(',')} for ${connection.shop} (API ${apiVersion})`, {
          hint: 'Check the shop domain (SHOPIFY_SHOP / --shop) and --api-version; the store must be active.',
        });
      }
      if (codes.includes('THROTTLED')) {
        stats.throttled++;
        const requested = cost?.requestedQueryCost ?? expectedCost ?? 0;
        const s = cost?.throttleStatus;
        const ms = s ? Math.ceil((Math.max(0, requested - s.currentlyAvailable) / s.restoreRate) * 1000) + 10 : 1000;
        expectedCost = requested || expectedCost;
        await wait(ms);
        continue; // the bucket refills: throttling never exhausts the retry budget
      }
      if (codes.includes('MAX_COST_EXCEEDED')) {
        const ext = gqlErrors.find((e) => e.extensions?.code === 'MAX_COST_EXCEEDED')?.extensions;
        throw new QueryTooCostly(Number(ext?.cost), Number(ext?.maxCost ?? 1000));
      }
      const transient =
        status === undefined || status === 200 && gqlErrors.length === 0 || status === 429 || status >= 500 || codes.includes('INTERNAL_SERVER_ERROR');
      if (!transient) {
        throw new IngestError(`Shopify GraphQL error: ${redact(gqlErrors.map((e) => e.message).join('; ') || errors.message || String(status))}`);
      }
      transientFailures++;
      stats.retries++;
      lastProblem = redact(`${status ?? 'network'}: ${errors.message ?? ''}`);
      if (transientFailures >= retry.maxAttempts) {
        throw new IngestTransientError(`Shopify request failed ${transientFailures} times (last: ${lastProblem})`, {
          hint: 'The store or network is failing; rerun later: the sync resumes from its last checkpoint.',
        });
      }
      await wait(backoffMs(retry, transientFailures));
    }
  }

  return {
    apiVersion,
    shop: connection.shop,
    query,
    stats: () => ({ ...stats }),
    bucket: () => bucket.status,
  };
}
