// A dbt project whose macros, models, hooks and tests read `graph` builds unchanged on DuckDB, and a warm
// compile (project cache in target/) sees models added, renamed and removed since the last run: an empty or
// stale graph would build the wrong rows without any error.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clv, copyProject, query, readJson } from './helpers.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const unioned = async (db: string) => (await query(db, 'select model_name, materialized, path, order_count::int as n from all_daily order by model_name'));
const recorded = async (db: string, table: string) => (await query(db, `select model_names, test_count::int as tests from ${table}`))[0];

describe('the graph context variable', () => {
  it('unions tagged models, lists sources, and shows every model to hooks and tests', async () => {
    dir = copyProject();
    const run = await clv(dir, ['build']);
    expect(run.out).toMatch(/Done\. PASS=8 WARN=0 ERROR=0 SKIP=0 TOTAL=8/);
    expect(run.code).toBe(0);
    const db = join(dir, 'warehouse.duckdb');
    expect(await unioned(db)).toEqual([
      { model_name: 'daily_store', materialized: 'view', path: 'daily/daily_store.sql', n: 1 },
      { model_name: 'daily_web', materialized: 'table', path: 'daily/daily_web.sql', n: 2 },
    ]);
    expect(await query(db, 'select source_name, table_name, identifier, schema_name, loaded_at_field, owner, tags from source_inventory order by table_name')).toEqual([
      { source_name: 'shop', table_name: 'orders', identifier: 'raw_orders', schema_name: 'main', loaded_at_field: 'loaded_at', owner: 'ops', tags: '' },
      { source_name: 'shop', table_name: 'refunds', identifier: 'raw_refunds', schema_name: 'main', loaded_at_field: 'loaded_at', owner: 'ops', tags: 'finance' },
    ]);
    const models = 'all_daily,daily_store,daily_web,source_inventory,stg_orders';
    expect(await recorded(db, 'run_end_models')).toEqual({ model_names: models, tests: 2 });
    expect(await recorded(db, 'post_hook_models')).toEqual({ model_names: models, tests: 2 });

    // The refs made inside the graph loop order the DAG: all_daily runs after the models it unions.
    const node = readJson(dir, 'target/manifest.json').nodes['model.graph_demo.all_daily'];
    expect(node.depends_on.nodes).toEqual(['model.graph_demo.daily_store', 'model.graph_demo.daily_web']);
    expect(node.refs).toEqual([['daily_store'], ['daily_web']]);
  });

  it('a warm compile sees a tagged model added, renamed and removed', async () => {
    dir = copyProject();
    const db = join(dir, 'warehouse.duckdb');
    expect((await clv(dir, ['build'])).code).toBe(0);

    writeFileSync(join(dir, 'models/daily/daily_all_channels.sql'), "select count(*) as order_count from {{ ref('stg_orders') }}\n");
    const grown = await clv(dir, ['build']);
    expect(grown.out).toMatch(/Done\. PASS=9 WARN=0 ERROR=0/);
    expect((await unioned(db)).map((row) => [row.model_name, row.n])).toEqual([['daily_all_channels', 3], ['daily_store', 1], ['daily_web', 2]]);
    expect((await recorded(db, 'run_end_models'))!.model_names).toBe('all_daily,daily_all_channels,daily_store,daily_web,source_inventory,stg_orders');

    renameSync(join(dir, 'models/daily/daily_web.sql'), join(dir, 'models/daily/daily_online.sql'));
    expect((await clv(dir, ['build'])).code).toBe(0);
    expect((await unioned(db)).map((row) => row.model_name)).toEqual(['daily_all_channels', 'daily_online', 'daily_store']);

    rmSync(join(dir, 'models/daily/daily_store.sql'));
    expect((await clv(dir, ['build'])).code).toBe(0);
    expect((await unioned(db)).map((row) => row.model_name)).toEqual(['daily_all_channels', 'daily_online']);
    expect((await recorded(db, 'post_hook_models'))!.model_names).toBe('all_daily,daily_all_channels,daily_online,source_inventory,stg_orders');
  });
});
