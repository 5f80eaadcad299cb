// DuckDB's spelling of each statement. Pure: SQL text in, SQL text out, golden-tested in
// tests/adapters/duckdb-dialect.test.ts. Temporary tables live in DuckDB's `temp` catalog (schema `main`)
// and cannot be created elsewhere, hence temporaryRelation().
import type { RelationRef } from '../../manifest.js';
import type { Column, Dialect, RelationKind } from '../adapter.js';
import { duckdbColumnTypes } from './column-types.js';

const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (value: string): string => `'${value.replace(/'/g, "''")}'`;

function renderRelation(relation: RelationRef): string {
  const parts = [relation.database, relation.schema, relation.identifier].filter((p): p is string => !!p);
  return parts.map(quoteIdentifier).join('.');
}

const renderSchema = (relation: Pick<RelationRef, 'database' | 'schema'>): string =>
  [relation.database, relation.schema].filter((p): p is string => !!p).map(quoteIdentifier).join('.');

/** Catalog filter for information_schema: the relation's catalog, or the connection's default one. */
const catalogLiteral = (database: string | undefined): string =>
  database ? quoteLiteral(database) : 'current_database()';

const columnList = (columns: string[]): string => columns.map(quoteIdentifier).join(', ');

const keyMatch = (uniqueKey: string[], left: string, right: string): string =>
  uniqueKey.map((k) => `${left}.${quoteIdentifier(k)} = ${right}.${quoteIdentifier(k)}`).join(' and ');

/** DuckDB's read_csv `types` option: a struct literal {'column': 'TYPE'}. */
function typesStruct(columnTypes: Record<string, string>): string {
  const entries = Object.entries(columnTypes).map(([name, type]) => `${quoteLiteral(name)}: ${quoteLiteral(type)}`);
  return `{${entries.join(', ')}}`;
}

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  transactionalDdl: true,
  quoteIdentifier,
  renderRelation,
  columnTypeRules: duckdbColumnTypes,

  createSchema: (relation) => `create schema if not exists ${renderSchema(relation)}`,

  createView: (relation, selectSql) => `create or replace view ${renderRelation(relation)} as (\n${selectSql}\n)`,

  createTableAs(relation, selectSql, options = {}) {
    // DuckDB has no transient tables; a temporary table may only be named by its identifier.
    if (options.temporary) {
      return `create or replace temporary table ${quoteIdentifier(relation.identifier)} as (\n${selectSql}\n)`;
    }
    return `create table ${renderRelation(relation)} as (\n${selectSql}\n)`;
  },

  dropRelation: (relation, kind: RelationKind) => `drop ${kind} if exists ${renderRelation(relation)}`,

  renameRelation: (from, kind, toIdentifier) =>
    `alter ${kind} ${renderRelation(from)} rename to ${quoteIdentifier(toIdentifier)}`,

  insertInto: (target, columns, fromRelation) =>
    `insert into ${renderRelation(target)} (${columnList(columns)})\n` +
    `select ${columnList(columns)} from ${renderRelation(fromRelation)}`,

  merge(target, source, uniqueKey, columns) {
    const updates = columns
      .filter((c) => !uniqueKey.includes(c))
      .map((c) => `${quoteIdentifier(c)} = dbt_internal_source.${quoteIdentifier(c)}`);
    const values = columns.map((c) => `dbt_internal_source.${quoteIdentifier(c)}`).join(', ');
    return [
      `merge into ${renderRelation(target)} as dbt_internal_dest`,
      `using ${renderRelation(source)} as dbt_internal_source`,
      `on (${keyMatch(uniqueKey, 'dbt_internal_source', 'dbt_internal_dest')})`,
      // With only key columns there is nothing to update; the match alone keeps the row.
      ...(updates.length > 0 ? [`when matched then update set ${updates.join(', ')}`] : []),
      `when not matched then insert (${columnList(columns)}) values (${values})`,
    ].join('\n');
  },

  deleteMatching: (target, source, uniqueKey) =>
    `delete from ${renderRelation(target)} as dbt_internal_dest\n` +
    `where exists (select 1 from ${renderRelation(source)} as dbt_internal_source ` +
    `where ${keyMatch(uniqueKey, 'dbt_internal_source', 'dbt_internal_dest')})`,

  addColumns: (target, columns: Column[]) =>
    columns.map((c) => `alter table ${renderRelation(target)} add column ${quoteIdentifier(c.name)} ${c.dataType}`).join(';\n'),

  listRelationsSql: (relation) =>
    `select table_name as name, case when table_type = 'VIEW' then 'view' else 'table' end as kind\n` +
    `from information_schema.tables\n` +
    `where table_catalog = ${catalogLiteral(relation.database)} and lower(table_schema) = lower(${quoteLiteral(relation.schema)})`,

  columnsSql: (relation) =>
    `select column_name as name, data_type\nfrom information_schema.columns\n` +
    `where table_catalog = ${catalogLiteral(relation.database)} and lower(table_schema) = lower(${quoteLiteral(relation.schema)})` +
    ` and lower(table_name) = lower(${quoteLiteral(relation.identifier)})\norder by ordinal_position`,

  createTableFromCsv(relation, csvPath, columnTypes) {
    const types = Object.keys(columnTypes).length > 0 ? `, types = ${typesStruct(columnTypes)}` : '';
    return `create table ${renderRelation(relation)} as (\nselect * from read_csv(${quoteLiteral(csvPath)}, header = true, auto_detect = true${types})\n)`;
  },

  temporaryRelation: (_base, identifier) => ({ database: 'temp', schema: 'main', identifier }),

  beginTransaction: () => 'begin transaction',
  commit: () => 'commit',
  rollback: () => 'rollback',
};
