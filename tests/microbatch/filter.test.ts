import { describe, expect, it } from 'vitest';
import { windowedSql, type FilteredInput } from '../../runner/microbatch/filter.js';

const events: FilteredInput = { relationText: '"main"."stg_events"', identifier: 'stg_events', eventTime: 'occurred_at' };
const batch = { start: '2024-01-02T00:00:00Z', end: '2024-01-03T00:00:00Z' };
const window = `(select * from "main"."stg_events" where occurred_at >= cast('2024-01-02 00:00:00' as timestamp) and occurred_at < cast('2024-01-03 00:00:00' as timestamp))`;

describe('windowedSql', () => {
  it('keeps the alias the query gave the ref', () => {
    expect(windowedSql('select * from "main"."stg_events" e join x on true', [events], batch)).toBe(`select * from ${window} e join x on true`);
    expect(windowedSql('select * from "main"."stg_events" as e', [events], batch)).toBe(`select * from ${window} as e`);
  });

  it('names an unaliased ref after its relation so relation-qualified columns still resolve', () => {
    expect(windowedSql('select stg_events.id from "main"."stg_events"\nwhere true', [events], batch)).toBe(`select stg_events.id from ${window} as stg_events\nwhere true`);
    expect(windowedSql('select * from "main"."stg_events"', [events], batch)).toBe(`select * from ${window} as stg_events`);
  });

  it('leaves string literals, comments and other relations alone', () => {
    const sql = `select '"main"."stg_events"' as t -- "main"."stg_events"\nfrom "main"."stg_events_old" /* "main"."stg_events" */`;
    expect(windowedSql(sql, [events], batch)).toBe(sql);
  });
});
