// dbt-duckdb's materialized='external' on a dbt-style project (dbt_project.yml + profiles.yml with external_root).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clv, copyFixture, edit, query } from './helpers.js';

describe('external materialization', () => {
  it('writes parquet, csv, json and partitioned files, reads them through views, and keeps the old file when a rebuild fails', async () => {
    const dir = copyFixture('external');
    const first = await clv(dir, ['build']);
    expect(first.out).toContain('ERROR=0');
    expect(first.code).toBe(0);

    // default location: <external_root>/<name>.parquet, relative to the project
    const parquet = join(dir, 'out/orders_parquet.parquet');
    expect(existsSync(parquet)).toBe(true);
    expect(await query(join(dir, 'warehouse.duckdb'), `select count(*)::int as n, sum(amount)::double as amount from read_parquet('${parquet}')`)).toEqual([{ n: 4, amount: 40.75 }]);
    // an explicit location and delimiter
    const csv = readFileSync(join(dir, 'exports/orders.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('order_id|status|amount');
    expect(csv).toHaveLength(5);
    // format from config, not from the extension-less location
    expect(readFileSync(join(dir, 'exports/orders_json'), 'utf8')).toContain('"order_id":1');
    // partition_by writes a hive folder per value
    expect(readdirSync(join(dir, 'out/orders_by_status')).sort()).toEqual(['status=paid', 'status=pending', 'status=refunded']);

    const db = join(dir, 'warehouse.duckdb');
    const kinds = await query(db, "select table_name, table_type from information_schema.tables where table_name like 'orders_%' order by 1");
    expect(kinds.every((row) => row.table_type === 'VIEW')).toBe(true);
    expect(await query(db, 'select status, orders::int as orders, csv_amount::double as c, json_amount::double as j, partitioned_amount::double as p from main.revenue order by status')).toEqual([
      { status: 'paid', orders: 2, c: 30.5, j: 30.5, p: 30.5 },
      { status: 'pending', orders: 1, c: 3, j: 3, p: 3 },
      { status: 'refunded', orders: 1, c: 7.25, j: 7.25, p: 7.25 },
    ]);

    // a model that fails at run time leaves the previous file and its view readable, and no scratch file
    edit(dir, 'models/orders_parquet.sql', (sql) => sql.replace('select order_id', "select cast('x' || order_id as integer) as order_id"));
    const failed = await clv(dir, ['run', '-s', 'orders_parquet']);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/Conversion Error|Could not convert/);
    expect(await query(db, 'select count(*)::int as n from main.orders_parquet')).toEqual([{ n: 4 }]);
    expect(readdirSync(join(dir, 'out')).filter((name) => name.includes('.clv_'))).toEqual([]);

    // a rebuild replaces the file and the partition folders (a value that disappeared goes with them)
    edit(dir, 'models/orders_parquet.sql', () => "{{ config(materialized='external') }}\nselect order_id, status, amount from {{ ref('orders') }} where status = 'paid'\n");
    edit(dir, 'models/orders_by_status.sql', (sql) => sql.concat("\nwhere status <> 'pending'"));
    const second = await clv(dir, ['run', '-s', 'orders_parquet', 'orders_by_status']);
    expect(second.code).toBe(0);
    expect(await query(db, 'select count(*)::int as n from main.orders_parquet')).toEqual([{ n: 2 }]);
    expect(readdirSync(join(dir, 'out/orders_by_status')).sort()).toEqual(['status=paid', 'status=refunded']);
    expect(readdirSync(join(dir, 'out')).filter((name) => name.includes('.clv_'))).toEqual([]);
  });

  it('names the model and the formats when the format is unknown', async () => {
    const dir = copyFixture('external');
    edit(dir, 'models/orders_csv.sql', (sql) => sql.replace("location='exports/orders.csv'", "location='exports/orders.xlsx', format='xlsx'"));
    const result = await clv(dir, ['build', '-s', '+orders_csv']);
    expect(result.code).toBe(1);
    expect(result.out).toContain("external format 'xlsx' is not supported: use parquet, csv, json");
    expect(result.out).toContain('orders_csv');
  });
});
