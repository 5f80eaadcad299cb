// Snowflake's spelling of each statement, following dbt-snowflake's shapes (reference §3). Pure: SQL text
// in, SQL text out, golden-tested in tests/adapters/snowflake/dialect.test.ts. Constructing it needs no
// connection or credentials, so `clv compile --target snowflake` works offline.
import type { RelationRef } from '../../manifest.js';
import type { Column, Dialect, RelationKind } from '../adapter.js';
import { snowflakeColumnTypes } from './column-types.js';
import { columnList, quoteIdentifier, quoteLiteral, renderRelation, renderSchema } from './identifiers.js';
import { exportQuery } from './export.js';
import { createTableFromCsv } from './seed.js';

const DEST = 'DBT_INTERNAL_DEST';
const SOURCE = 'DBT_INTERNAL_SOURCE';

/** `information_schema` of the relation's database, or of the session's current one. */
const infoSchema = (database: string | undefined): string =>
  database ? `${renderSchema({ schema: 'information_schema', database })}` : 'information_schema';

/** Snowflake reports NUMBER/TEXT without size in data_type; rebuild the full type so added columns match. */
const FULL_TYPE =
  `case when data_type = 'NUMBER' then 'NUMBER(' || numeric_precision || ',' || numeric_scale || ')'` +
  ` when data_type = 'TEXT' then 'VARCHAR(' || character_maximum_length || ')'` +
  ` else data_type end`;

const keyMatch = (uniqueKey: string[]): string =>
  uniqueKey.length === 0
    ? 'FALSE' // dbt-snowflake: no unique key means every source row is inserted
    : uniqueKey.map((k) => `${SOURCE}.${quoteIdentifier(k)} = ${DEST}.${quoteIdentifier(k)}`).join(' and ');

/** Per-export spelling of `clv export` (runner/export.ts looks for it on the dialect). */
export interface SnowflakeDialect extends Dialect {
  exportQuery(selectSql: string, format: 'csv' | 'parquet', absolutePath: string): string;
}

export const snowflakeDialect: SnowflakeDialect = {
  name: 'snowflake',
  // Snowflake commits implicitly before and after every DDL statement.
  transactionalDdl: false,
  quoteIdentifier,
  renderRelation,
  columnTypeRules: snowflakeColumnTypes,

  createSchema: (relation) => `create schema if not exists ${renderSchema(relation)}`,

  createView: (relation, selectSql) => `create or replace view ${renderRelation(relation)} as (\n${selectSql}\n)`,

  createTableAs(relation, selectSql, options = {}) {
    // Transient by default (dbt-snowflake): no Fail-safe storage cost for tables rebuilt on every run.
    const kind = options.temporary ? 'temporary ' : options.transient === false ? '' : 'transient ';
    return `create or replace ${kind}table ${renderRelation(relation)} as (\n${selectSql}\n)`;
  },

  dropRelation: (relation, kind: RelationKind) => `drop ${kind} if exists ${renderRelation(relation)}`,

  // The new name is fully qualified: an unqualified one would move the object into the session's schema.
  renameRelation: (from, kind, toIdentifier) =>
    `alter ${kind} ${renderRelation(from)} rename to ${renderRelation({ ...from, identifier: toIdentifier })}`,

  // One atomic statement: readers see the old table or the new one, never neither (drop then rename,
  // each committing on its own, leaves a moment, or after a failure a state, with no table at all).
  swapTables: (target, other) => `alter table ${renderRelation(target)} swap with ${renderRelation(other)}`,

  insertInto: (target, columns, fromRelation) =>
    `insert into ${renderRelation(target)} (${columnList(columns)})\n` +
    `(\n  select ${columnList(columns)}\n  from ${renderRelation(fromRelation)}\n)`,

  merge(target, source, uniqueKey, columns) {
    const keys = new Set(uniqueKey.map((k) => k.toUpperCase()));
    const updates = columns
      .filter((c) => !keys.has(c.toUpperCase()))
      .map((c) => `${quoteIdentifier(c)} = ${SOURCE}.${quoteIdentifier(c)}`);
    const matched = uniqueKey.length > 0 && updates.length > 0 ? [`when matched then update set\n  ${updates.join(',\n  ')}`] : [];
    return [
      `merge into ${renderRelation(target)} as ${DEST}`,
      `using ${renderRelation(source)} as ${SOURCE}`,
      `on (${keyMatch(uniqueKey)})`,
      ...matched,
      `when not matched then insert\n  (${columnList(columns)})\nvalues\n  (${columnList(columns)})`,
    ].join('\n');
  },

  deleteMatching(target, source, uniqueKey) {
    const keys = columnList(uniqueKey);
    return (
      `delete from ${renderRelation(target)} as ${DEST}\n` +
      `where (${keys}) in (\n  select distinct ${keys}\n  from ${renderRelation(source)} as ${SOURCE}\n)`
    );
  },

  // One statement: Snowflake adds several columns in a single ALTER.
  addColumns: (target, columns: Column[]) =>
    `alter table ${renderRelation(target)} add column ${columns.map((c) => `${quoteIdentifier(c.name)} ${c.dataType}`).join(', ')}`,

  // Aliases are quoted lower-case so rows come back keyed `name`/`kind`, not NAME/KIND.
  listRelationsSql: (relation) =>
    `select table_name as "name", case when table_type = 'VIEW' then 'view' else 'table' end as "kind"\n` +
    `from ${infoSchema(relation.database)}.tables\n` +
    `where upper(table_schema) = upper(${quoteLiteral(relation.schema)})`,

  columnsSql: (relation) =>
    `select column_name as "name", ${FULL_TYPE} as "data_type"\n` +
    `from ${infoSchema(relation.database)}.columns\n` +
    `where upper(table_schema) = upper(${quoteLiteral(relation.schema)})` +
    ` and upper(table_name) = upper(${quoteLiteral(relation.identifier)})\n` +
    `order by ordinal_position`,

  createTableFromCsv,

  grantSelect: (relation, kind, roles) =>
    roles.map((role) => `grant select on ${kind} ${renderRelation(relation)} to role ${quoteIdentifier(role)}`),

  exportQuery,

  beginTransaction: () => 'begin',
  commit: () => 'commit',
  rollback: () => 'rollback',
};
