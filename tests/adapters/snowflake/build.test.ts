// `clv build` of a tiny project through the Snowflake adapter and the real snowflake-sdk against the
// loopback emulator: the runner's table swap, view, incremental merge, tests, grants and per-node query
// tags as Snowflake SQL on the wire. Protocol and orchestration, not Snowflake semantics.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../bin/main.js';
import { emulatorForSuite, PASSWORD } from './emulator-fixture.js';

const project = join(import.meta.dirname, '../../fixtures/snowflake/emulated_project');
const emulator = emulatorForSuite();

describe('clv build --target snowflake (emulated)', () => {
  it('builds, re-builds incrementally with merge, tests, grants and tags every node', async () => {
    const fx = emulator();
    expect(await main(['build', '--project-dir', project, '--target', 'snowflake'])).toBe(0);
    expect(await main(['build', '--project-dir', project, '--target', 'snowflake', '--vars', '{factor: 2}'])).toBe(0);
    const rows = await fx.emulator.duck('select id, amount::double as amount from analytics.marts.orders_merged order by id');
    expect(rows).toEqual([{ id: 1, amount: 21 }, { id: 2, amount: 40 }]);

    const sent = fx.emulator.queries.map((q) => q.sqlText);
    expect(sent.some((q) => /^create or replace transient table analytics\.marts\.orders\w* as \(/.test(q))).toBe(true);
    expect(sent.some((q) => q.startsWith('create or replace view analytics.marts.orders_view as ('))).toBe(true);
    // `transient: false` reaches the DDL: a permanent table, and only for that model.
    expect(sent.filter((q) => /^create or replace table analytics\.marts\.orders_archive\w* as \(/.test(q))).toHaveLength(2);
    expect(sent.some((q) => /^create or replace transient table analytics\.marts\.orders_archive/.test(q))).toBe(false);
    expect(sent.some((q) => /^create or replace table analytics\.marts\.orders(__clv_tmp)? as/.test(q))).toBe(false);
    expect(sent.some((q) => q.startsWith('merge into analytics.marts.orders_merged as DBT_INTERNAL_DEST'))).toBe(true);
    expect(sent).toContain('grant select on table analytics.marts.orders to role "REPORTER"');
    const tagged = fx.emulator.queries.filter((q) => q.sqlText.startsWith('merge into'));
    expect(tagged[0]!.queryTag).toMatch(/^clv:sf_mini:orders_merged:/);
    expect(JSON.stringify(fx.emulator.queries)).not.toContain(PASSWORD);
  });

  it('clv export unloads to the user stage, GETs the file and removes the staged copy', async () => {
    const fx = emulator();
    const dir = mkdtempSync(join(tmpdir(), 'sf-export-'));
    try {
      const csv = join(dir, 'orders.csv');
      expect(await main(['export', 'orders', '--project-dir', project, '--target', 'snowflake', '--out', csv])).toBe(0);
      expect(readFileSync(csv, 'utf8').trim().split('\n')).toEqual(['id,amount', '1,10.5', '2,20.0']);
      const parquet = join(dir, 'orders.parquet');
      expect(await main(['export', 'orders', '--project-dir', project, '--target', 'snowflake', '--format', 'parquet', '--out', parquet])).toBe(0);
      expect(await fx.emulator.duck(`select count(*)::INTEGER as n from '${parquet}'`)).toEqual([{ n: 2 }]);
      const sent = fx.emulator.queries.map((q) => q.sqlText);
      expect(sent).toContain(`get '@~/clv_export/orders.csv' 'file://${dir}/'`);
      expect(sent.filter((q) => q.startsWith("remove '@~/clv_export/orders."))).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
