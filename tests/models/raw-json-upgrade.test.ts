// A warehouse whose raw tables were landed by an older version holds `data` as JSON text. Staging must stop
// with an error there (never read quoted JSON values as text), and one ingest run (ensureTables) upgrades
// the tables in place so the same build then succeeds with the stored values.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, expect, it } from 'vitest';
import { DuckDbRawWriter } from '../../ingest/warehouse/duckdb.js';
import { clv, query } from './build.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'clv-raw-upgrade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('stops on raw JSON text, and builds once ingest has converted the tables', async () => {
  const db = path.join(dir, 'old.duckdb');
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  await conn.run(`CREATE SCHEMA raw_shopify; CREATE TABLE raw_shopify.products (id VARCHAR PRIMARY KEY, legacy_resource_id VARCHAR,
    updated_at TIMESTAMPTZ, data JSON, is_deleted BOOLEAN DEFAULT false, _synced_at TIMESTAMPTZ, _source_api_version VARCHAR)`);
  await conn.run(`INSERT INTO raw_shopify.products VALUES ('gid://shopify/Product/1', '1', '2025-01-01', '{"__typename":"Product","id":"gid://shopify/Product/1","title":"Mug","status":"ACTIVE","tags":["home"],"createdAt":"2024-05-01T10:00:00Z"}', false, now(), '2025-07')`);
  conn.closeSync();
  instance.closeSync();

  const failed = await clv(db, ['run', '-s', 'stg_shopify__products']).then(
    () => '',
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  expect(failed).toMatch(/struct_extract\(JSON/);

  const writer = await DuckDbRawWriter.open(db, { schema: 'raw_shopify', apiVersion: '2026-10' });
  await writer.ensureTables();
  await writer.close();
  await clv(db, ['run', '-s', 'stg_shopify__products']);
  const rows = await query<{ product_title: string; product_status: string; tags: string }>(db, 'select product_title, product_status, tags from main.stg_shopify__products');
  expect(rows).toEqual([{ product_title: 'Mug', product_status: 'ACTIVE', tags: 'home' }]);
}, 120_000);
