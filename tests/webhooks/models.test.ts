// The listener against the project's built models on a small simulated store: customers/redact leaves no
// trace of the customer's personal fields in ANY relation of the database, and `--build` rebuilds the
// models downstream of a committed batch so a webhook order shows up in the customers mart.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, landStore } from '../../bench/models-store.js';
import { startWebhookSender } from '../../ingest/simulator/webhooks/sender.js';
import { startListener, type RunningListener } from '../../ingest/webhooks/listener.js';
import { createRebuilder, projectBuilder } from '../../ingest/webhooks/rebuild.js';
import { build } from '../../runner/api.js';
import { post, query, SECRET, tempDir } from './helpers.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const store = createStore({ customers: 200, seed: 13, years: 1 });
const db = path.join(tempDir(), 'models.duckdb');
const logs: string[] = [];
const builds: string[][] = [];
let listener: RunningListener;

beforeAll(async () => {
  process.env['CLV_DUCKDB_PATH'] = db; // the project's duckdb target reads its path from here
  await landStore(db, store);
  const full = await build({ projectDir: REPO, onWarning: () => undefined });
  expect(full.results.results.filter((r) => r.status === 'error').map((r) => r.unique_id)).toEqual([]);
  const builder = projectBuilder({ projectDir: REPO });
  const rebuilder = createRebuilder(async (select) => { builds.push(select); return builder(select); }, (m) => logs.push(m));
  listener = await startListener({
    database: db, secret: SECRET, batch: { intervalMs: 20 }, log: (m) => logs.push(m),
    afterCommit: (changed) => rebuilder.changed(changed),
  });
}, 300_000);
afterAll(async () => { await listener?.close(); });

/** Every relation (tables and views, every schema) whose rows, cast whole to text, match the condition. */
async function relationsWhere(condition: (row: string) => string): Promise<string[]> {
  const rels = await query<{ s: string; t: string }>(db, `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
    WHERE table_catalog = current_database() AND table_schema NOT IN ('information_schema', 'pg_catalog')`);
  expect(rels.length).toBeGreaterThan(30);
  const hits: string[] = [];
  for (const { s, t } of rels) {
    const [r] = await query<{ n: number }>(db, `SELECT count(*)::INTEGER AS n FROM "${s}"."${t}" AS x WHERE ${condition('lower(CAST(x AS VARCHAR))')}`);
    if (r!.n > 0) hits.push(`${s}.${t}`);
  }
  return hits.sort();
}

const lit = (v: string) => `'${v.toLowerCase().replace(/'/g, "''")}'`;

describe('listener with the built models', () => {
  it('customers/redact leaves no personal field of the customer in any table or view', async () => {
    // A customer with orders and every personal field present.
    const [row] = await query<{ c: string }>(db, `SELECT customer_id AS c FROM main.customers WHERE orders >= 2 AND email IS NOT NULL ORDER BY customer_id LIMIT 1`);
    const id = row!.c;
    const legacy = id.split('/').pop()!;
    const node = store.customerNode(Number(legacy) - 7_300_000_000_000) as Record<string, any>;
    const a = node['defaultAddress'];
    const everywhere = [node['email'], `${node['firstName']} ${node['lastName']}`, ...(node['phone'] ? [node['phone']] : [])];
    const nextToId = [node['firstName'], node['lastName'], a['address1'], a['zip'], a['city']];
    const pii = (x: string) => `(${everywhere.map((v) => `contains(${x}, ${lit(v)})`).join(' OR ')}
      OR ((contains(${x}, ${lit(id)}) OR contains(${x}, ${lit(legacy)})) AND (${nextToId.map((v) => `contains(${x}, ${lit(v)})`).join(' OR ')})))`;
    const before = await relationsWhere(pii);
    expect(before).toEqual(expect.arrayContaining(['main.customers', 'main.stg_shopify__customers', 'main.stg_shopify__orders', 'raw_shopify.customers', 'raw_shopify.orders']));
    const orders = await query<{ id: string }>(db, `SELECT legacy_resource_id AS id FROM raw_shopify.orders WHERE customer_id = '${id}'`);
    const [counted] = await query<{ n: number }>(db, `SELECT orders::INTEGER AS n FROM main.customers WHERE customer_id = '${id}'`);

    const body = `{"shop_id":1,"shop_domain":"${store.shopDomain}","customer":{"id":${legacy},"email":"${node['email']}"},"orders_to_redact":[${orders.map((o) => o.id).join(',')}]}`;
    expect(await post(`${listener.url}/webhooks`, { topic: 'customers/redact', body })).toBe(200);
    await listener.idle();

    expect(await relationsWhere(pii)).toEqual([]);
    expect(builds.at(-1)).toEqual(['source:shopify.customers+', 'source:shopify.orders+']);
    // The analytics keep the customer, without the person.
    const [after] = await query<{ n: number; email: string | null }>(db, `SELECT orders::INTEGER AS n, email FROM main.customers WHERE customer_id = '${id}'`);
    expect(after).toEqual({ n: counted!.n, email: null });
    const logText = logs.join('\n').toLowerCase();
    for (const v of [...everywhere, node['lastName']]) expect(logText).not.toContain(String(v).toLowerCase());
    expect(logs.some((l) => l.includes('customers/redact') && l.includes('no personal values remain'))).toBe(true);
  }, 300_000);

  it('--build: an order delivered by webhook is in the customers mart after its batch commits', async () => {
    const sender = startWebhookSender(store, { url: `${listener.url}/webhooks`, secret: SECRET });
    try {
      store.advance(60_000);
      const activity = store.simulateActivity({ newOrders: 1, newCustomerShare: 0 });
      const order = (store.orderNode(Number(activity.created[0]!.split('/').pop()) - 6_100_000_000_000)) as Record<string, any>;
      const customer = (typeof order['customer'] === 'function' ? order['customer']() : order['customer'])['id'] as string;
      const [before] = await query<{ n: number }>(db, `SELECT orders::INTEGER AS n FROM main.customers WHERE customer_id = '${customer}'`);
      const rebuildsBefore = builds.length;
      await sender.idle();
      await listener.idle();
      expect(builds.length).toBeGreaterThan(rebuildsBefore);
      expect(builds.at(-1)).toEqual(expect.arrayContaining(['source:shopify.orders+', 'source:shopify.order_lines+']));
      const [after] = await query<{ n: number }>(db, `SELECT orders::INTEGER AS n FROM main.customers WHERE customer_id = '${customer}'`);
      expect(after!.n).toBe(before!.n + 1);
      const [line] = await query<{ n: number }>(db, `SELECT count(*)::INTEGER AS n FROM main.int_orders WHERE order_id = '${activity.created[0]}'`);
      expect(line!.n).toBe(1);
    } finally {
      sender.close();
    }
  }, 300_000);
});
