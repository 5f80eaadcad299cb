// Every dialect statement with fixed inputs; dialect.test.ts compares each to golden/<name>.sql.
// Regenerate after an intended change with `UPDATE_GOLDEN=1 npx vitest run tests/adapters/snowflake`.
import { snowflakeDialect as d } from '../../../runner/adapters/snowflake/dialect.js';
import type { RelationRef } from '../../../runner/manifest.js';

const model: RelationRef = { database: 'analytics', schema: 'marts', identifier: 'customer_ltv' };
const tmp: RelationRef = { ...model, identifier: 'customer_ltv__dbt_tmp' };
const select = 'select customer_id, sum(total_price) as revenue from analytics.staging.stg_shopify__orders group by 1';
const cols = ['customer_id', 'revenue', 'order'];

export const cases: Record<string, () => string> = {
  create_schema: () => d.createSchema(model),
  create_view: () => d.createView(model, select),
  create_table_transient: () => d.createTableAs(model, select),
  create_table_permanent: () => d.createTableAs(model, select, { transient: false }),
  create_table_temporary: () => d.createTableAs(tmp, select, { temporary: true }),
  drop_table: () => d.dropRelation(model, 'table'),
  drop_view: () => d.dropRelation(model, 'view'),
  rename_table: () => d.renameRelation(tmp, 'table', 'customer_ltv'),
  swap_tables: () => d.swapTables!(model, tmp),
  insert_append: () => d.insertInto(model, cols, tmp),
  merge_unique_key: () => d.merge(model, tmp, ['customer_id'], cols),
  merge_composite_key: () => d.merge(model, tmp, ['customer_id', 'order'], cols),
  merge_no_key: () => d.merge(model, tmp, [], cols),
  delete_matching: () => d.deleteMatching(model, tmp, ['customer_id']),
  delete_matching_composite: () => d.deleteMatching(model, tmp, ['customer_id', 'order']),
  add_columns: () => d.addColumns(model, [{ name: 'churn_probability', dataType: 'FLOAT' }, { name: 'segment', dataType: 'VARCHAR' }]),
  list_relations: () => d.listRelationsSql(model),
  list_relations_current_database: () => d.listRelationsSql({ schema: 'marts' }),
  columns: () => d.columnsSql(model),
  seed_from_csv: () => d.createTableFromCsv({ database: 'analytics', schema: 'seeds', identifier: 'country_codes' }, '/srv/project/seeds/country codes.csv', { calling_code: 'VARCHAR' }),
  grant_select: () => d.grantSelect!(model, 'table', ['reporter', 'bi_reader']).join(';\n'),
  quoted_relation: () => d.renderRelation({ database: 'analytics', schema: 'Mixed Case', identifier: 'order' }),
  export_csv: () => d.exportQuery('select * from analytics.marts.customer_ltv', 'csv', '/srv/exports/customer ltv.csv'),
  export_parquet: () => d.exportQuery('select * from analytics.marts.customer_ltv', 'parquet', '/srv/exports/customer_ltv.parquet'),
  transaction: () => [d.beginTransaction(), d.commit(), d.rollback()].join(';\n'),
};
