// Lands a simulated Shopify store straight into the raw tables (the ingest's own DuckDB writer and node-line
// flattening), without the HTTP round trip: the analytics tests and the models benchmark need many stores
// quickly, and what they check is the SQL, not the Shopify client. Reference fields the GraphQL executor
// would resolve (`customer{id}`, `product{id}`, `variant{id}`) are resolved here to `{id}` the same way, and
// each node keeps only the fields the ingest query selects (selected-fields.ts), as a sync would land it.
import { createClock } from '../ingest/simulator/clock.js';
import { DEFAULT_TRUTH } from '../ingest/simulator/params.js';
import { SimulatedStore } from '../ingest/simulator/store.js';
import { landNodeStream, landNodes } from '../ingest/sync/landing.js';
import type { Json } from '../ingest/sync/flatten.js';
import { DuckDbRawWriter } from '../ingest/warehouse/duckdb.js';
import type { StreamName } from '../ingest/queries.js';
import { rootSelection, selectFields } from './selected-fields.js';

const DAY_MS = 86_400_000;

export interface StoreOptions {
  customers: number;
  seed?: number;
  /** Years of history ending at `end` (default 2). */
  years?: number;
  end?: number;
}

export function createStore(options: StoreOptions): SimulatedStore {
  const end = options.end ?? Date.UTC(2025, 0, 1);
  const start = end - Math.round((options.years ?? 2) * 365 * DAY_MS);
  return new SimulatedStore({
    seed: options.seed ?? 42,
    customers: options.customers,
    start,
    end,
    truth: DEFAULT_TRUTH,
    shopDomain: 'clv-test.myshopify.com',
    clock: createClock(end, false),
  });
}

/** Replace thunks (lazily resolved references) by `{ id }` and drop simulator-private `__x` fields. */
export function asReceived(value: unknown): unknown {
  if (typeof value === 'function') {
    // A thunk is either a connection (an array of child nodes, kept whole) or a reference to another node.
    const target = (value as () => Json | Json[])();
    if (Array.isArray(target)) return asReceived(target);
    return target && typeof target === 'object' ? { id: target['id'] } : null;
  }
  if (Array.isArray(value)) return value.map(asReceived);
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [key, child] of Object.entries(value as Json)) {
      if (key.startsWith('__') && key !== '__typename') continue;
      out[key] = asReceived(child);
    }
    return out;
  }
  return value;
}

/** Node `i` of a stream as a sync receives it: references resolved, only the ingest query's fields. */
function receivedNodes(stream: StreamName, node: (i: number) => Json): (i: number) => Json {
  const selection = rootSelection(stream);
  return (i) => selectFields(asReceived(node(i)), selection) as Json;
}

async function landInBatches(writer: DuckDbRawWriter, count: number, node: (i: number) => Json, batch = 5_000): Promise<void> {
  for (let from = 0; from < count; from += batch) {
    const nodes: Json[] = [];
    for (let i = from; i < Math.min(count, from + batch); i++) nodes.push(node(i));
    await landNodes(writer, nodes, {});
  }
}

/** All `count` nodes as one file: into empty raw tables that is the writer's backfill fast path. */
async function landAll(writer: DuckDbRawWriter, count: number, node: (i: number) => Json): Promise<void> {
  function* nodes(): Iterable<Json> {
    for (let i = 0; i < count; i++) yield node(i);
  }
  await landNodeStream(writer, nodes());
}

export interface LandOptions {
  /** Land every order twice, as a webhook and a later sync would (upsert must not duplicate). */
  duplicateOrders?: boolean;
  /** Only orders with index in [from, to) (incremental scenarios). */
  orders?: { from: number; to: number };
  schema?: string;
}

/** Land customers, products (with variants) and orders (with lines, transactions, refunds, discounts);
 * flag deleted customers and orders as deleted, as reconciliation would. */
export async function landStore(dbPath: string, store: SimulatedStore, options: LandOptions = {}): Promise<void> {
  const writer = await DuckDbRawWriter.open(dbPath, { schema: options.schema ?? 'raw_shopify', apiVersion: '2025-07' });
  try {
    await writer.ensureTables();
    const from = options.orders?.from ?? 0;
    const to = options.orders?.to ?? store.data.orders.count;
    const orders = receivedNodes('orders', (i) => store.orderNode(from + i));
    if (from === 0) {
      await landAll(writer, store.data.customers.count, receivedNodes('customers', (c) => store.customerNode(c)));
      await landAll(writer, store.catalog.products.length, receivedNodes('products', (p) => store.productNode(p)));
      await landAll(writer, to, orders);
    } else {
      await landInBatches(writer, to - from, orders);
    }
    if (options.duplicateOrders) await landInBatches(writer, to - from, orders, 997);
    const deleted = store.deletedIds();
    await writer.flagDeleted('customers', deleted.customers);
    await writer.flagDeleted('orders', deleted.orders);
  } finally {
    await writer.close();
  }
}
