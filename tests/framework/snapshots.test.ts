// dbt snapshots on a dbt-style project: a seed the test edits between `clv snapshot` runs.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clv, copyFixture, edit, query } from './helpers.js';

const SEED = 'seeds/customers.csv';
const versions = (db: string, table: string) =>
  query(db, `select id::int as id, tier, dbt_valid_to is null as current, cast(dbt_valid_from as varchar) as valid_from, cast(dbt_valid_to as varchar) as valid_to from ${table} order by id, dbt_valid_from`);

describe('snapshots', () => {
  it('keeps type-2 history with the timestamp and check strategies, invalidates hard deletes, and is idempotent', async () => {
    const dir = copyFixture('snapshots');
    const db = join(dir, 'warehouse.duckdb');
    const first = await clv(dir, ['build']);
    expect(first.code).toBe(0);
    expect(first.out).toContain('Found 1 model, 3 snapshots');
    expect(first.out).toMatch(/OK snapshotted snapshots\.customers_snapshot \.+ \[INSERT 3/);
    // target_schema is used as written; without it the target's schema
    expect(await query(db, "select table_schema, table_name from information_schema.tables where table_name like '%snapshot' order by 2")).toEqual([
      { table_schema: 'main', table_name: 'customer_emails_snapshot' },
      { table_schema: 'main', table_name: 'customer_tiers_snapshot' },
      { table_schema: 'snapshots', table_name: 'customers_snapshot' },
    ]);
    expect(await query(db, 'select count(*)::int as n from main.current_customers')).toEqual([{ n: 3 }]);

    // 1: email changed without a new updated_at (neither strategy sees it); 2: tier changed and updated;
    // 3: deleted at the source; 4: new
    edit(dir, SEED, () => ['id,email,tier,updated_at', '1,ann@new.example.com,gold,2026-01-01 10:00:00', '2,bob@example.com,gold,2026-02-01 09:00:00', '4,di@example.com,silver,2026-02-02 10:00:00', ''].join('\n'));
    expect((await clv(dir, ['seed'])).code).toBe(0);
    const second = await clv(dir, ['snapshot']);
    expect(second.code).toBe(0);
    expect(second.out).not.toContain('current_customers'); // snapshot builds snapshots only

    const history = await versions(db, 'snapshots.customers_snapshot');
    expect(history.map((v) => [v.id, v.tier, v.current])).toEqual([
      [1, 'gold', true],
      [2, 'silver', false],
      [2, 'gold', true],
      [3, 'bronze', false],
      [4, 'silver', true],
    ]);
    // the old version closes when the new one starts (the source's updated_at)
    expect(history[1]!.valid_to).toBe('2026-02-01 09:00:00');
    expect(history[2]!.valid_from).toBe('2026-02-01 09:00:00');
    expect(history[3]!.valid_to).not.toBeNull(); // invalidate_hard_deletes

    const tiers = await versions(db, 'main.customer_tiers_snapshot');
    const deleted = await query(db, 'select id::int as id, dbt_is_deleted from main.customer_tiers_snapshot order by id, dbt_valid_from');
    expect(tiers.map((v, i) => [v.id, v.tier, v.current, deleted[i]!.dbt_is_deleted])).toEqual([
      [1, 'gold', true, 'False'],
      [2, 'silver', false, 'False'],
      [2, 'gold', true, 'False'],
      [3, 'bronze', false, 'False'], // hard_deletes: new_record closes the last version…
      [3, 'bronze', true, 'True'], // …and records the delete
      [4, 'silver', true, 'False'],
    ]);
    // check strategy: one snapshot instant closes the old version and opens the new one
    expect(tiers[1]!.valid_to).toBe(tiers[2]!.valid_from);

    // a key of two columns, and current versions marked with a far-future date instead of null
    const emails = await query(db, "select id::int as id, tier, email, cast(dbt_valid_to as varchar) as valid_to from main.customer_emails_snapshot order by id, tier, dbt_valid_from");
    expect(emails[0]!.valid_to).toMatch(/^20\d\d-/); // closed at the snapshot's instant
    expect(emails.slice(1)).toEqual([
      { id: 1, tier: 'gold', email: 'ann@new.example.com', valid_to: '9999-12-31 00:00:00' },
      { id: 2, tier: 'gold', email: 'bob@example.com', valid_to: '9999-12-31 00:00:00' },
      { id: 2, tier: 'silver', email: 'bob@example.com', valid_to: '9999-12-31 00:00:00' },
      { id: 3, tier: 'bronze', email: 'cy@example.com', valid_to: '9999-12-31 00:00:00' },
      { id: 4, tier: 'silver', email: 'di@example.com', valid_to: '9999-12-31 00:00:00' },
    ]);

    // nothing changed: nothing inserted, nothing closed
    const third = await clv(dir, ['snapshot']);
    expect(third.out).not.toMatch(/INSERT [1-9]/);
    expect(await versions(db, 'snapshots.customers_snapshot')).toEqual(history);
    expect(await query(db, 'select count(*)::int as n from main.customer_emails_snapshot')).toEqual([{ n: 6 }]);

    // a new column in the query is added to the snapshot; old versions hold null
    edit(dir, SEED, (csv) => csv.replace('updated_at\n', 'updated_at,region\n').replace(/\n(\d,.*)/g, '\n$1,eu').replace('2,bob@example.com,gold,2026-02-01 09:00:00,eu', '2,bob@example.com,gold,2026-03-01 09:00:00,us'));
    await clv(dir, ['seed']);
    expect((await clv(dir, ['snapshot', '-s', 'customers_snapshot'])).code).toBe(0);
    expect(await query(db, 'select id::int as id, region from snapshots.customers_snapshot where id = 2 order by dbt_valid_from')).toEqual([
      { id: 2, region: null },
      { id: 2, region: null },
      { id: 2, region: 'us' },
    ]);

    // new_record: a deleted key that comes back gets a new version after its delete marker
    edit(dir, SEED, (csv) => `${csv}3,cy@example.com,platinum,2026-04-01 10:00:00,eu\n`);
    await clv(dir, ['seed']);
    expect((await clv(dir, ['snapshot', '-s', 'customer_tiers_snapshot'])).code).toBe(0);
    expect(await query(db, 'select tier, dbt_is_deleted, dbt_valid_to is null as current from main.customer_tiers_snapshot where id = 3 order by dbt_valid_from')).toEqual([
      { tier: 'bronze', dbt_is_deleted: 'False', current: false },
      { tier: 'bronze', dbt_is_deleted: 'True', current: false },
      { tier: 'platinum', dbt_is_deleted: 'False', current: true },
    ]);

    // selection and listing know the resource type; run leaves snapshots alone
    const ls = await clv(dir, ['ls', '--resource-type', 'snapshot', '--output', 'name']);
    expect(ls.out).toContain('customers_snapshot');
    expect(ls.out).not.toContain('current_customers');
    const run = await clv(dir, ['run']);
    expect(run.out).toContain('1 of 1 START sql table model main.current_customers');
  });

  it('stops on duplicate keys in the query and leaves the history as it was', async () => {
    const dir = copyFixture('snapshots');
    const db = join(dir, 'warehouse.duckdb');
    await clv(dir, ['build']);
    edit(dir, SEED, (csv) => `${csv}2,bob2@example.com,gold,2026-03-01 10:00:00\n`);
    await clv(dir, ['seed']);
    const result = await clv(dir, ['snapshot']);
    expect(result.code).toBe(1);
    expect(result.out).toContain('snapshot customers_snapshot: 1 unique_key value (id) occur more than once');
    expect(await query(db, 'select count(*)::int as n from snapshots.customers_snapshot')).toEqual([{ n: 3 }]);
  });

  it('names the snapshot and the fix when its config is incomplete, and an unclosed block by line', async () => {
    const dir = copyFixture('snapshots');
    edit(dir, 'snapshots/customer_tiers.sql', (sql) => sql.replace("strategy='check', check_cols=['tier']", "strategy='check'"));
    const result = await clv(dir, ['build']);
    expect(result.out).toContain("snapshot customer_tiers_snapshot (snapshots/customer_tiers.sql): the check strategy needs check_cols");

    edit(dir, 'snapshots/customer_tiers.sql', (sql) => sql.replace('{% endsnapshot %}', ''));
    const unclosed = await clv(dir, ['compile']);
    expect(unclosed.code).toBe(2);
    expect(unclosed.out).toContain("snapshot 'customer_tiers_snapshot' is not closed");
    expect(unclosed.out).toContain('snapshots/customer_tiers.sql');
  });
});
