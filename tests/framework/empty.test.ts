// dbt's --empty: every ref() and source() reads zero rows, so a build checks the SQL and creates every
// relation with its columns and types in seconds, whatever the data's size.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clv, copyFixture, edit, query } from './helpers.js';

const columns = (db: string, table: string) =>
  query(db, `select column_name, data_type from information_schema.columns where table_name = '${table}' order by ordinal_position`);

describe('--empty', () => {
  it('builds every model with zero rows and the columns of a full build; unit tests still use their given rows', async () => {
    const dir = copyFixture('shop');
    const db = join(dir, 'shop.duckdb');
    const empty = await clv(dir, ['build', '--empty']);
    expect(empty.code).toBe(0);
    expect(empty.out).toMatch(/Done\. PASS=(\d+) WARN=0 ERROR=0 SKIP=0 TOTAL=\1/);
    expect(await query(db, 'select (select count(*) from main.customers)::int as customers, (select count(*) from main.customer_tiers)::int as tiers')).toEqual([{ customers: 0, tiers: 0 }]);
    expect(readFileSync(join(dir, 'target/compiled/shop/models/marts/customers.sql'), 'utf8')).toContain('where false limit 0)');
    const emptyColumns = await columns(db, 'customers');

    // the compile cache keeps the two apart: a plain build right after reads the data
    const full = await clv(dir, ['build']);
    expect(full.code).toBe(0);
    expect(await query(db, 'select count(*)::int as n from main.customers')).toEqual([{ n: 3 }]);
    expect(await columns(db, 'customers')).toEqual(emptyColumns);
  });

  it('still finds a SQL error without reading any data', async () => {
    const dir = copyFixture('shop');
    edit(dir, 'models/marts/customers.sql', (sql) => sql.replace(/select/i, 'select no_such_column,'));
    const result = await clv(dir, ['build', '--empty', '-s', '+customers']);
    expect(result.code).toBe(1);
    expect(result.out).toContain('no_such_column');
  });
});
