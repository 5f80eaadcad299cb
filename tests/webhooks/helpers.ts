// Shared test plumbing: temp dirs, signed POSTs, reads of the DuckDB file the listener writes.
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBWarehouse } from '../../runner/adapters/duckdb/index.js';

export const SECRET = 'test-webhook-secret';
export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/webhooks');
export const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
export const tempDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'clv-webhooks-'));

export interface PostOptions { topic: string; body: string; secret?: string | null; webhookId?: string; eventId?: string; hmac?: string }

export async function post(url: string, o: PostOptions): Promise<number> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json', 'X-Shopify-Topic': o.topic, 'X-Shopify-Shop-Domain': 'test.myshopify.com',
    'X-Shopify-API-Version': '2026-10', 'X-Shopify-Webhook-Id': o.webhookId ?? randomUUID(), 'X-Shopify-Triggered-At': new Date().toISOString(),
  };
  if (o.eventId) headers['X-Shopify-Event-Id'] = o.eventId;
  const hmac = o.hmac ?? (o.secret === null ? undefined : createHmac('sha256', o.secret ?? SECRET).update(o.body).digest('base64'));
  if (hmac !== undefined) headers['X-Shopify-Hmac-Sha256'] = hmac;
  const res = await fetch(url, { method: 'POST', headers, body: o.body });
  await res.text();
  return res.status;
}

/** Reads through the runner's per-process DuckDB instance, which a listener running in this process shares. */
export async function query<T = Record<string, unknown>>(db: string, sql: string): Promise<T[]> {
  const warehouse = await DuckDBWarehouse.open(db, { threads: 1 });
  const session = await warehouse.acquire();
  try {
    return (await session.execute(sql)).rows as T[];
  } finally {
    warehouse.release(session);
    await warehouse.close();
  }
}
