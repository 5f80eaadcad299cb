// Where DDL commits implicitly (Snowflake), a rebuild must still be all or nothing: a table is replaced by
// one SWAP (never drop, then rename), and an incremental delete+insert shares one transaction, so an insert
// that fails (here: denied by the emulator) rolls its delete back instead of losing the rows.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../bin/main.js';
import { emulatorForSuite } from './emulator-fixture.js';

const project = join(import.meta.dirname, '../../fixtures/snowflake/atomic_project');
const emulator = emulatorForSuite({ denied: [/^insert into analytics\.marts\.orders_replaced\b/i] });

describe('clv build --target snowflake: rebuilds are all or nothing', () => {
  it('swaps tables in one statement and rolls back a delete+insert whose insert fails', async () => {
    const fx = emulator();
    expect(await main(['build', '--project-dir', project])).toBe(0);
    const before = fx.emulator.queries.length;

    // second build: `orders` is rebuilt (factor 2), `orders_replaced` deletes then inserts — denied
    expect(await main(['build', '--project-dir', project, '--vars', '{factor: 2}'])).toBe(1);
    const sent = fx.emulator.queries.slice(before).map((q) => q.sqlText);

    expect(sent).toContain('alter table analytics.marts.orders swap with analytics.marts.orders__clv_tmp');
    expect(sent).not.toContain('drop table if exists analytics.marts.orders');
    expect(await fx.emulator.duck('select id, amount::integer as amount from analytics.marts.orders order by id')).toEqual([
      { id: 1, amount: 20 },
      { id: 2, amount: 40 },
    ]);
    expect(await fx.emulator.duck("select count(*)::integer as n from information_schema.tables where table_name like 'orders%clv_tmp'")).toEqual([{ n: 0 }]);

    const del = sent.findIndex((q) => q.startsWith('delete from analytics.marts.orders_replaced'));
    expect(del).toBeGreaterThan(0);
    expect(sent[del - 1]).toBe('begin');
    expect(sent.slice(del)).toContain('rollback');
    expect(sent.slice(del)).not.toContain('commit');
    // the delete was undone: the rows of the first build are all still there
    expect(await fx.emulator.duck('select id, amount::integer as amount from analytics.marts.orders_replaced order by id')).toEqual([
      { id: 1, amount: 10 },
      { id: 2, amount: 20 },
    ]);
  });
});
