// Landed stores for the models benchmark, cached under bench/work/ (gitignored) by size and seed: landing a
// store through the ingest writer takes about 5 s per 1,000 customers here (12 min at 100,000), longer than the
// builds being measured, and a store is fully determined by (customers, seed).
// Two files per store: `raw-99` holds the first 99 % of orders, `raw-100` the same after landing the last 1 %.
// `replayDelta` turns a copy of a built `raw-99` into the built-then-landed state by upserting every raw row
// the second landing wrote (newer `_synced_at`) — what a second ingest run would do, in a second.
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { createStore, landStore } from './models-store.js';
import { RAW_TABLES } from '../ingest/warehouse/tables.js';

/** The repository root, whether this runs from bench/ (tsx) or dist/bench/ (`npm run bench`). */
export function repoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return existsSync(path.join(here, '..', 'project.yml')) ? path.join(here, '..') : path.join(here, '..', '..');
}

const WORK = path.join(repoRoot(), 'bench', 'work', 'models');

export interface CachedStore {
  customers: number;
  orders: number;
  raw99: string;
  raw100: string;
}

async function orderCount(file: string): Promise<number> {
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll('select count(*)::integer as n from raw_shopify.orders');
    return Number(reader.getRowObjectsJson()[0]?.['n']);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Land (once) and return the cached raw files for a store of `customers` customers. */
export async function cachedStore(customers: number, seed = 1): Promise<CachedStore> {
  mkdirSync(WORK, { recursive: true });
  // -v2: nodes cut to what the ingest query selects (models-store.ts); older files hold whole simulator nodes
  // -v3: raw `data` typed as a STRUCT (ingest/warehouse/raw-struct.ts); older files hold JSON text
  const base = path.join(WORK, `store-${customers}-seed${seed}-v3`);
  const raw99 = `${base}.raw-99.duckdb`;
  const raw100 = `${base}.raw-100.duckdb`;
  if (!existsSync(raw99) || !existsSync(raw100)) {
    // ~46 s per 10,000 customers through the writer's backfill fast path; later runs reuse the files
    process.stderr.write(`landing a simulated store of ${customers} customers into ${path.relative(repoRoot(), WORK)}/ (once)\n`);
    const store = createStore({ customers, seed });
    const cut = Math.floor(store.data.orders.count * 0.99);
    const partial = `${base}.partial.duckdb`;
    rmSync(partial, { force: true });
    await landStore(partial, store, { orders: { from: 0, to: cut } });
    copyFileSync(partial, `${partial}.99`);
    await landStore(partial, store, { orders: { from: cut, to: store.data.orders.count } });
    // renamed last so an interrupted landing never leaves a half-landed file under a cached name
    renameSync(`${partial}.99`, raw99);
    renameSync(partial, raw100);
  }
  return { customers, orders: await orderCount(raw100), raw99, raw100 };
}

/** Upsert into `db` every raw row of `raw100` synced after `db`'s newest raw row (the second landing: ingest
 * stamps every insert, upsert and deletion flag with a fresh `_synced_at`). */
export async function replayDelta(db: string, raw100: string): Promise<void> {
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  try {
    await conn.run(`attach '${raw100.replace(/'/g, "''")}' as delta (read_only)`);
    await conn.run('begin');
    for (const { name } of RAW_TABLES) {
      const table = `raw_shopify."${name}"`;
      await conn.run(`insert or replace into ${table}
        select * from delta.${table}
        where _synced_at > (select coalesce(max(_synced_at), '-infinity'::timestamptz) from ${table})`);
    }
    await conn.run('commit');
    await conn.run('detach delta');
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
