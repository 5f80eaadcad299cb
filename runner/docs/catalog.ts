// target/catalog.json as dbt shapes it: for every model, seed and source whose relation exists in the
// warehouse, its columns with the engine's own type names. One information_schema query per schema
// (not one per relation), which both DuckDB and Snowflake answer; names compare case-insensitively
// because Snowflake folds unquoted identifiers to upper case.
import type { Connection, Row } from '../adapters/adapter.js';
import type { Manifest, RelationRef } from '../manifest.js';

export interface CatalogColumn {
  name: string;
  type: string;
  index: number;
}

export interface CatalogEntry {
  unique_id: string;
  metadata: { type: string; database?: string; schema: string; name: string };
  columns: Record<string, CatalogColumn>;
  stats: Record<string, unknown>;
}

export interface Catalog {
  metadata: { dbt_schema_version: string; generated_at: string };
  nodes: Record<string, CatalogEntry>;
  sources: Record<string, CatalogEntry>;
  errors: string[] | null;
}

const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;
const key = (schema: string, name: string): string => `${schema.toLowerCase()}.${name.toLowerCase()}`;

function relationsOf(manifest: Manifest): Map<string, { id: string; relation: RelationRef; isSource: boolean }> {
  const out = new Map<string, { id: string; relation: RelationRef; isSource: boolean }>();
  for (const node of Object.values(manifest.nodes)) {
    if (node.resource_type === 'test' || node.config.materialized === 'ephemeral') continue;
    out.set(node.unique_id, { id: node.unique_id, relation: node.relation, isSource: false });
  }
  for (const source of Object.values(manifest.sources)) out.set(source.unique_id, { id: source.unique_id, relation: source.relation, isSource: true });
  return out;
}

const value = (row: Row, name: string): unknown => row[name] ?? row[name.toUpperCase()];

export async function readCatalog(connection: Connection, manifest: Manifest, generatedAt: string): Promise<Catalog> {
  const relations = relationsOf(manifest);
  const schemas = [...new Set([...relations.values()].map((r) => r.relation.schema.toLowerCase()))];
  const catalog: Catalog = {
    metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/catalog/v1.json', generated_at: generatedAt },
    nodes: {},
    sources: {},
    errors: null,
  };
  if (schemas.length === 0) return catalog;
  const { rows } = await connection.execute(
    `select c.table_schema, c.table_name, c.column_name, c.data_type, c.ordinal_position, t.table_type
from information_schema.columns c
join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_catalog = c.table_catalog
where lower(c.table_schema) in (${schemas.map(literal).join(', ')})
order by c.table_schema, c.table_name, c.ordinal_position`,
  );
  const bySchemaTable = new Map<string, Row[]>();
  for (const row of rows) {
    const k = key(String(value(row, 'table_schema')), String(value(row, 'table_name')));
    let list = bySchemaTable.get(k);
    if (!list) bySchemaTable.set(k, (list = []));
    list.push(row);
  }
  for (const { id, relation, isSource } of relations.values()) {
    const columns = bySchemaTable.get(key(relation.schema, relation.identifier));
    if (!columns) continue;
    const entry: CatalogEntry = {
      unique_id: id,
      metadata: { type: String(value(columns[0]!, 'table_type')), database: relation.database, schema: relation.schema, name: relation.identifier },
      columns: {},
      stats: {},
    };
    for (const row of columns) {
      const name = String(value(row, 'column_name'));
      entry.columns[name] = { name, type: String(value(row, 'data_type')), index: Number(value(row, 'ordinal_position')) };
    }
    (isSource ? catalog.sources : catalog.nodes)[id] = entry;
  }
  return catalog;
}

/** Catalog entry of a unique_id, whichever section it lives in. */
export const catalogEntry = (catalog: Catalog | undefined, id: string): CatalogEntry | undefined =>
  catalog?.nodes[id] ?? catalog?.sources[id];
