// Every Dialect statement with representative arguments; expected SQL lives in
// tests/fixtures/adapters/duckdb/<case>.sql.
import type { Dialect } from '../../runner/adapters/adapter.js';
import type { RelationRef } from '../../runner/manifest.js';

const orders: RelationRef = { database: 'dev', schema: 'marts', identifier: 'orders' };
const batch: RelationRef = { database: 'temp', schema: 'main', identifier: 'orders__clv_tmp' };
const quirky: RelationRef = { database: 'dev', schema: 'Sales "EU"', identifier: "o'rders" };

export const dialectCases: Record<string, (d: Dialect) => string> = {
  quote_identifier: (d) => d.quoteIdentifier('we"ird'),
  render_relation: (d) => d.renderRelation(orders),
  render_relation_escaped: (d) => d.renderRelation(quirky),
  render_relation_no_database: (d) => d.renderRelation({ schema: 'main', identifier: 'orders' }),
  create_schema: (d) => d.createSchema(orders),
  create_view: (d) => d.createView(orders, 'select 1 as id'),
  create_table_as: (d) => d.createTableAs(orders, 'select 1 as id'),
  create_temporary_table_as: (d) => d.createTableAs(batch, 'select 1 as id', { temporary: true }),
  drop_table: (d) => d.dropRelation(orders, 'table'),
  drop_view: (d) => d.dropRelation(orders, 'view'),
  rename_table: (d) => d.renameRelation({ ...orders, identifier: 'orders__clv_tmp' }, 'table', 'orders'),
  insert_into: (d) => d.insertInto(orders, ['id', 'status'], batch),
  merge: (d) => d.merge(orders, batch, ['id'], ['id', 'status', 'amount']),
  merge_composite_key_only: (d) => d.merge(orders, batch, ['id', 'day'], ['id', 'day']),
  delete_matching: (d) => d.deleteMatching(orders, batch, ['id', 'day']),
  add_columns: (d) => d.addColumns(orders, [{ name: 'extra', dataType: 'INTEGER' }, { name: 'note', dataType: 'VARCHAR' }]),
  list_relations: (d) => d.listRelationsSql(orders),
  list_relations_escaped: (d) => d.listRelationsSql(quirky),
  columns: (d) => d.columnsSql(orders),
  columns_default_database: (d) => d.columnsSql({ schema: 'main', identifier: 'orders' }),
  create_table_from_csv: (d) => d.createTableFromCsv(orders, '/data/seeds/orders.csv', {}),
  create_table_from_csv_typed: (d) => d.createTableFromCsv(orders, "/data/o'seeds/orders.csv", { amount: 'decimal(18,2)', zip: 'varchar' }),
  temporary_relation: (d) => JSON.stringify(d.temporaryRelation!(orders, 'orders__clv_tmp')),
  begin: (d) => d.beginTransaction(),
  commit: (d) => d.commit(),
  rollback: (d) => d.rollback(),
};
