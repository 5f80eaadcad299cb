// Snowflake spelling of the raw-table contract (tables.ts) for the Snowflake RawWriter. Pure SQL text. Rows
// arrive already routed (routes.ts, rendered by DuckDB locally) in one temporary table `_clv_routed`; what
// needs the stored tables happens here: a child's clock inherited from its stored root, orphaned children,
// and the newer-updated_at-wins MERGE.
import type { RelationRef } from '../../runner/manifest.js';
import { renderRelation, renderSchema } from '../../runner/adapters/snowflake/identifiers.js';
import { ROUTED_KEYS } from './duckdb-sql.js';
import { COMMON_COLUMNS, RAW_TABLES, SYNC_STATE_TABLE, columnsOf, foreignKeyTo, rawTable, type RawTable, type RawTableName } from './tables.js';

export interface Scope {
  database?: string;
  schema: string;
}

/** `TIMESTAMPTZ` is Snowflake's synonym of TIMESTAMP_TZ; the raw JSON column is a VARIANT. */
const TYPES: Record<string, string> = { VARCHAR: 'varchar', TIMESTAMPTZ: 'timestamptz', JSON: 'variant', BOOLEAN: 'boolean' };

export const relation = (scope: Scope, identifier: string): RelationRef => ({ database: scope.database, schema: scope.schema, identifier });
export const relationText = (scope: Scope, identifier: string): string => renderRelation(relation(scope, identifier));
const rel = relationText;

export const ROUTED = '_clv_routed';
export const IDS = '_clv_ids';

const commonColumns = (): string[] =>
  COMMON_COLUMNS.map(([name, type]) =>
    name === 'id' ? 'id varchar not null' : name === 'is_deleted' ? 'is_deleted boolean default false' : `${name} ${TYPES[type]}`,
  );

/** Raw tables are permanent (not transient): they are the one thing a rebuild cannot recreate. */
export function createTablesSql(scope: Scope): string[] {
  return [
    `create schema if not exists ${renderSchema(scope)}`,
    ...RAW_TABLES.map((t) => `create table if not exists ${rel(scope, t.name)} (${[...commonColumns(), ...t.keys.map((k) => `${k} varchar`)].join(', ')})`),
    `create table if not exists ${rel(scope, SYNC_STATE_TABLE)} (stream varchar not null, cursor variant, updated_at timestamptz)`,
  ];
}

/** Session-scoped scratch table holding one file's routed rows; `tbl` names the raw table of each row. */
export const createRoutedSql = (scope: Scope): string =>
  `create or replace temporary table ${rel(scope, ROUTED)} (tbl varchar, ${[...commonColumns(), ...ROUTED_KEYS.map((k) => `${k} varchar`)].join(', ')})`;

const routed = (scope: Scope, table: RawTableName): string => `(select * from ${rel(scope, ROUTED)} where tbl = '${table}')`;
const inList = (names: string[]): string => names.map((n) => `'${n}'`).join(', ');

/** Children whose root was not in the file take the stored root's clock (as the DuckDB writer does). */
export function inheritClockSql(scope: Scope, parent: RawTableName): string {
  const children = RAW_TABLES.filter((t) => t.parent === parent).map((t) => t.name);
  return `update ${rel(scope, ROUTED)} r set updated_at = p.updated_at
from ${rel(scope, parent)} p
where r.updated_at is null and r.tbl in (${inList(children)}) and p.id = r.${foreignKeyTo(parent)}`;
}

/** A parent landed at least as new as the stored one carries all its children: drop the ones it no longer has. */
export function dropOrphanedChildrenSql(scope: Scope, child: RawTable, childLanded: boolean): string {
  const parent = rawTable(child.parent!);
  return `delete from ${rel(scope, child.name)} c
where c.${foreignKeyTo(parent.name)} in (select sp.id from ${routed(scope, parent.name)} sp left join ${rel(scope, parent.name)} rp on rp.id = sp.id
                  where rp.id is null or sp.updated_at >= rp.updated_at)${childLanded ? `\n  and c.id not in (select id from ${routed(scope, child.name)})` : ''}`;
}

/** Upsert by id; a stored row is replaced only by a version at least as new (replays are no-ops). */
export function mergeSql(scope: Scope, table: RawTable): string {
  const cols = columnsOf(table);
  const updates = cols.filter((c) => c !== 'id').map((c) => `${c} = s.${c}`);
  return `merge into ${rel(scope, table.name)} as t
using ${routed(scope, table.name)} as s
on t.id = s.id
when matched and s.updated_at >= t.updated_at then update set ${updates.join(', ')}
when not matched then insert (${cols.join(', ')}) values (${cols.map((c) => `s.${c}`).join(', ')})`;
}

/** Binds: stream, cursor JSON text. */
export const writeStateSql = (scope: Scope): string => `merge into ${rel(scope, SYNC_STATE_TABLE)} as t
using (select ? as stream, parse_json(?) as cursor) as s
on t.stream = s.stream
when matched then update set cursor = s.cursor, updated_at = current_timestamp
when not matched then insert (stream, cursor, updated_at) values (s.stream, s.cursor, current_timestamp)`;

/** Bind: stream. The cursor comes back as JSON text on every driver path. */
export const readStateSql = (scope: Scope): string => `select to_json(cursor) as "cursor" from ${rel(scope, SYNC_STATE_TABLE)} where stream = ?`;

export const refundsWithoutLinesSql = (scope: Scope): string => `select r.id as "id", r.order_id as "order_id" from ${rel(scope, 'refunds')} r
where not r.is_deleted and not exists (select 1 from ${rel(scope, 'refund_lines')} l where l.refund_id = r.id) order by r.id`;

export const createIdsSql = (scope: Scope): string => `create or replace temporary table ${rel(scope, IDS)} (id varchar)`;

export const flagIdsSql = (scope: Scope, table: RawTableName): string =>
  `update ${rel(scope, table)} set is_deleted = true where not is_deleted and id in (select id from ${rel(scope, IDS)})`;

/** Reconciliation: rows missing from the id list are gone at the source; rows present again come back. */
export const flagMissingSql = (scope: Scope, table: RawTableName): string[] => [
  `update ${rel(scope, table)} set is_deleted = true where not is_deleted and id not in (select id from ${rel(scope, IDS)})`,
  `update ${rel(scope, table)} set is_deleted = false where is_deleted and id in (select id from ${rel(scope, IDS)})`,
];

/** Children of a deleted parent are gone at the source too. */
export const flagChildrenSql = (scope: Scope, table: RawTableName): string[] =>
  RAW_TABLES.filter((t) => t.parent === table).map(
    (child) => `update ${rel(scope, child.name)} set is_deleted = true
where not is_deleted and ${foreignKeyTo(table)} in (select id from ${rel(scope, table)} where is_deleted)`,
  );

export const countsSql = (scope: Scope): string =>
  RAW_TABLES.map((t) => `select '${t.name}' as "t", count(*) as "n" from ${rel(scope, t.name)}`).join('\nunion all\n');

export const dropSql = (scope: Scope, identifier: string): string => `drop table if exists ${rel(scope, identifier)}`;
