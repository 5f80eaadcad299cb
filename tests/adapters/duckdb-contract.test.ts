// The Warehouse/Connection contract against a real DuckDB file: every dialect statement must be accepted
// by the engine and mean what the materializations assume.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseError, UsageError } from '../../runner/errors.js';
import { catalogName, databasePath, duckdbAdapter, duckdbDialect as d } from '../../runner/adapters/duckdb/index.js';
import { getAdapter } from '../../runner/adapters/index.js';
import type { Connection, Warehouse } from '../../runner/adapters/adapter.js';
import type { RelationRef } from '../../runner/manifest.js';

const seedCsv = new URL('../fixtures/run/seeds/customers.csv', import.meta.url).pathname;
let dir: string;
let warehouse: Warehouse;
let conn: Connection;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clv-duckdb-'));
  warehouse = await duckdbAdapter.open({ type: 'duckdb', path: 'nested/dir/shop.duckdb' }, { projectRoot: dir, threads: 2 });
  conn = await warehouse.acquire();
});
afterEach(async () => {
  warehouse.release(conn);
  await warehouse.close();
  rmSync(dir, { recursive: true, force: true });
});

const rel = (identifier: string, schema = 'marts'): RelationRef => ({ database: 'shop', schema, identifier });
const rows = async (sql: string) => (await conn.execute(sql)).rows;

describe('duckdb adapter contract', () => {
  it('resolves the database file relative to the project root and names the catalog after it', async () => {
    expect(getAdapter('duckdb')).toBe(duckdbAdapter);
    const unknown = (() => { try { getAdapter('postgres'); } catch (e) { return e as UsageError; } })();
    expect(unknown).toBeInstanceOf(UsageError);
    expect(unknown!.format()).toMatch(/no adapter for target type 'postgres'\n  Known target types: duckdb, snowflake/);
    expect(databasePath({ path: 'nested/dir/shop.duckdb' }, dir)).toBe(join(dir, 'nested/dir/shop.duckdb'));
    expect(databasePath({}, dir)).toBe(':memory:');
    expect(catalogName(join(dir, 'nested/dir/shop.duckdb'))).toBe('shop');
    expect(existsSync(join(dir, 'nested/dir/shop.duckdb'))).toBe(true);
    expect(await rows('select current_database() as db, current_schema() as s')).toEqual([{ db: 'shop', s: 'main' }]);
  });

  it('creates schemas, views and tables, lists them with their kind and describes columns', async () => {
    await conn.execute(d.createSchema(rel('x')));
    await conn.execute(d.createTableAs(rel('orders'), "select 1::integer as id, 'a' as status"));
    await conn.execute(d.createView(rel('v_orders'), `select * from ${d.renderRelation(rel('orders'))}`));
    const listed = await rows(d.listRelationsSql(rel('x')));
    expect(listed.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual([
      { name: 'orders', kind: 'table' },
      { name: 'v_orders', kind: 'view' },
    ]);
    expect(await rows(d.columnsSql(rel('v_orders')))).toEqual([
      { name: 'id', data_type: 'INTEGER' },
      { name: 'status', data_type: 'VARCHAR' },
    ]);
  });

  it('renames, merges, deletes matching rows, inserts and adds columns inside a transaction', async () => {
    await conn.execute(d.createSchema(rel('x')));
    await conn.execute(d.createTableAs(rel('orders__clv_tmp'), "select * from (values (1, 'a'), (2, 'b')) t(id, status)"));
    await conn.execute(d.beginTransaction());
    await conn.execute(d.renameRelation(rel('orders__clv_tmp'), 'table', 'orders'));
    await conn.execute(d.commit());
    const batch = d.temporaryRelation!(rel('orders'), 'batch');
    await conn.execute(d.createTableAs(batch, "select * from (values (2, 'B'), (3, 'c')) t(id, status)", { temporary: true }));
    const merged = await conn.execute(d.merge(rel('orders'), batch, ['id'], ['id', 'status']));
    expect(merged.rowsAffected).toBe(2);
    expect(await rows('select * from shop.marts.orders order by id')).toEqual([
      { id: 1, status: 'a' }, { id: 2, status: 'B' }, { id: 3, status: 'c' },
    ]);
    expect((await conn.execute(d.deleteMatching(rel('orders'), batch, ['id']))).rowsAffected).toBe(2);
    expect((await conn.execute(d.insertInto(rel('orders'), ['id'], batch))).rowsAffected).toBe(2);
    await conn.execute(d.addColumns(rel('orders'), [{ name: 'extra', dataType: 'INTEGER' }, { name: 'note', dataType: 'VARCHAR' }]));
    expect((await rows(d.columnsSql(rel('orders')))).map((r) => r.name)).toEqual(['id', 'status', 'extra', 'note']);
    await conn.execute(d.beginTransaction());
    await conn.execute(d.dropRelation(rel('orders'), 'table'));
    await conn.execute(d.rollback());
    expect(await rows('select count(*) as n from shop.marts.orders')).toEqual([{ n: 3 }]);
  });

  it("loads CSV with DuckDB's reader, inferring integers and ISO dates and honouring column types", async () => {
    await conn.execute(d.createSchema(rel('x', 'raw')));
    const loaded = await conn.execute(d.createTableFromCsv(rel('customers', 'raw'), seedCsv, { id: 'varchar' }));
    expect(loaded.rowsAffected).toBe(3);
    expect(await rows(d.columnsSql(rel('customers', 'raw')))).toEqual([
      { name: 'id', data_type: 'VARCHAR' },
      { name: 'name', data_type: 'VARCHAR' },
      { name: 'signup_date', data_type: 'DATE' },
      { name: 'amount', data_type: 'DOUBLE' },
    ]);
  });

  it('maps engine failures to DatabaseError carrying the engine message', async () => {
    const failure = await conn.execute('select * from missing_table').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DatabaseError);
    expect((failure as DatabaseError).message).toContain('Table with name missing_table does not exist');
  });

  it('bounds the pool: a third acquire waits until a connection is released', async () => {
    const second = await warehouse.acquire();
    let third: Connection | undefined;
    const pending = warehouse.acquire().then((c) => (third = c));
    await new Promise((r) => setTimeout(r, 20));
    expect(third).toBeUndefined();
    warehouse.release(second);
    await pending;
    expect(third).toBe(second);
    warehouse.release(third!);
  });

  it('shares one instance per file between warehouses of the same process', async () => {
    const other = await duckdbAdapter.open({ type: 'duckdb', path: 'nested/dir/shop.duckdb' }, { projectRoot: dir, threads: 1 });
    const session = await other.acquire();
    await session.execute(d.createTableAs(rel('shared', 'main'), 'select 7 as n'));
    other.release(session);
    await other.close();
    expect(await rows('select n from shop.main.shared')).toEqual([{ n: 7 }]);
  });

  it('leaves a file another DuckDB instance can open after close', async () => {
    await conn.execute(d.createTableAs(rel('kept', 'main'), 'select 42 as answer'));
    warehouse.release(conn);
    await warehouse.close();
    warehouse = await duckdbAdapter.open({ type: 'duckdb', path: join(dir, 'nested/dir/shop.duckdb') }, { projectRoot: '/', threads: 1 });
    conn = await warehouse.acquire();
    expect(await rows('select answer from shop.main.kept')).toEqual([{ answer: 42 }]);
  });
});
