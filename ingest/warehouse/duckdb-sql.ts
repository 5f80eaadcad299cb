// DuckDB spelling of the raw-table contract and of the node-line routing. Pure SQL text.
import { INLINE_LISTS, STRIPPED_KEYS, type Route } from './routes.js';
import { COMMON_COLUMNS, RAW_TABLES, SYNC_STATE_TABLE, columnsOf, rawTable, type RawTable } from './tables.js';

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
export const quoteString = (value: string): string => `'${value.replace(/'/g, "''")}'`;

export function createTablesSql(schema: string): string[] {
  const s = quoteIdent(schema);
  const tables = RAW_TABLES.map((table) => {
    const cols = [
      ...COMMON_COLUMNS.map(([name, type]) =>
        name === 'id'
          ? `id VARCHAR PRIMARY KEY`
          : name === 'is_deleted'
            ? `is_deleted BOOLEAN DEFAULT false`
            : `${name} ${type}`,
      ),
      ...table.keys.map((key) => `${key} VARCHAR`),
    ];
    return `CREATE TABLE IF NOT EXISTS ${s}.${quoteIdent(table.name)} (${cols.join(', ')})`;
  });
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    ...tables,
    `CREATE TABLE IF NOT EXISTS ${s}.${SYNC_STATE_TABLE} (stream VARCHAR PRIMARY KEY, cursor JSON, updated_at TIMESTAMPTZ)`,
  ];
}

/** One pass over the file: typed routing columns plus the raw line. `n` keeps file order for positions. */
export function stageLinesSql(file: string): string[] {
  const keys = `['__typename', 'id', '__parentId', 'updatedAt', 'legacyResourceId']`;
  return [
    `CREATE OR REPLACE TEMP TABLE _clv_lines AS
SELECT row_number() OVER () AS n, k[1] AS t, k[2] AS id, k[3] AS parent, k[4] AS updated, k[5] AS lrid, j
FROM (SELECT json_extract_string(json, ${keys}) AS k, json AS j
      FROM read_json_objects(${quoteString(file)}, format = 'newline_delimited'))`,
    ...INLINE_LISTS.map(
      ({ parentTypename, field }) => `INSERT INTO _clv_lines
SELECT n, k[1], k[2], parent, k[4], k[5], c FROM (
  SELECT l.n, l.id AS parent, json_extract_string(c, ${keys}) AS k, c
  FROM (SELECT n, id, unnest(json_extract(j, ${quoteString(`$.${field}[*]`)})) AS c FROM _clv_lines
        WHERE t = ${quoteString(parentTypename)} AND json_type(j, ${quoteString(`$.${field}`)}) = 'ARRAY') l)`,
    ),
  ];
}

const STRIP_PATCH = JSON.stringify(Object.fromEntries(STRIPPED_KEYS.map((k) => [k, null])));

function typenameFilter(route: Route, alias: string): string {
  return `${alias}.t IN (${route.typenames.map(quoteString).join(', ')})`;
}

const stageName = (table: string): string => `_clv_stage_${table}`;

export function stageRouteSql(schema: string, route: Route, rootTable: string | undefined, apiVersion: string): string {
  const id =
    route.id === 'own'
      ? 'l.id'
      : route.id === 'parent-slash-line-item'
        ? `l.parent || '/' || json_extract_string(l.j, '$.lineItem.id')`
        : // DiscountApplication.index is the application's position on the order; file order is the fallback.
          `l.parent || '#' || coalesce(json_extract_string(l.j, '$.index'), CAST(row_number() OVER (PARTITION BY l.parent ORDER BY l.n) - 1 AS VARCHAR))`;
  // A child may arrive without its root in the file (follow-up fetches): then the stored root's clock applies.
  const clock = route.clockDepth === 0 ? 'l.updated' : `coalesce(${route.clockDepth === 1 ? 'p' : 'g'}.updated, CAST(r.updated_at AS VARCHAR))`;
  const rootId = route.clockDepth === 1 ? 'l.parent' : 'p.parent';
  const rootJoin = rootTable ? `LEFT JOIN ${quoteIdent(schema)}.${quoteIdent(rootTable)} r ON r.id = ${rootId}` : '';
  const keyExpr = { parent: 'l.parent', grandparent: 'p.parent', 'customer.id': `json_extract_string(l.j, '$.customer.id')`, 'lineItem.id': `json_extract_string(l.j, '$.lineItem.id')` };
  const keys = Object.entries(route.keys).map(([col, from]) => `${keyExpr[from]} AS ${quoteIdent(col)}`);
  return `CREATE OR REPLACE TEMP TABLE ${stageName(route.table)} AS
SELECT * FROM (
  SELECT ${id} AS id, l.lrid AS legacy_resource_id, CAST(${clock} AS TIMESTAMPTZ) AS updated_at,
         json_merge_patch(l.j, ${quoteString(STRIP_PATCH)}) AS data, false AS is_deleted,
         now() AS _synced_at, ${quoteString(apiVersion)} AS _source_api_version${keys.length ? ', ' + keys.join(', ') : ''}
  FROM _clv_lines l
  LEFT JOIN _clv_lines p ON p.id = l.parent
  LEFT JOIN _clv_lines g ON g.id = p.parent
  ${rootJoin}
  WHERE ${typenameFilter(route, 'l')}
)
QUALIFY row_number() OVER (PARTITION BY id ORDER BY updated_at DESC) = 1`;
}

/**
 * A parent landed with a version at least as new as the stored one carries its complete set of children, so
 * children it no longer has (removed discount, edited order) are dropped rather than kept stale.
 */
export function dropOrphanedChildrenSql(schema: string, child: RawTable): string {
  const parent = rawTable(child.parent!);
  const fk = parent.name === 'orders' ? 'order_id' : 'product_id';
  const s = quoteIdent(schema);
  return `DELETE FROM ${s}.${quoteIdent(child.name)} c
WHERE c.${fk} IN (SELECT sp.id FROM ${stageName(parent.name)} sp LEFT JOIN ${s}.${quoteIdent(parent.name)} rp ON rp.id = sp.id
                  WHERE rp.id IS NULL OR sp.updated_at >= rp.updated_at)
  AND c.id NOT IN (SELECT id FROM ${stageName(child.name)})`;
}

export function upsertSql(schema: string, table: RawTable): string {
  const cols = columnsOf(table);
  const target = `${quoteIdent(schema)}.${quoteIdent(table.name)}`;
  const updates = cols.filter((c) => c !== 'id').map((c) => `${quoteIdent(c)} = excluded.${quoteIdent(c)}`);
  return `INSERT INTO ${target} (${cols.map(quoteIdent).join(', ')})
SELECT ${cols.map(quoteIdent).join(', ')} FROM ${stageName(table.name)}
ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}
WHERE excluded.updated_at >= ${quoteIdent(table.name)}.updated_at`;
}

export function ensureEmptyStageSql(table: RawTable): string {
  const cols = [...COMMON_COLUMNS.map(([n, t]) => `${n} ${t}`), ...table.keys.map((k) => `${k} VARCHAR`)];
  return `CREATE OR REPLACE TEMP TABLE ${stageName(table.name)} (${cols.join(', ')})`;
}

export function writeStateSql(schema: string, stream: string, cursor: unknown): string {
  return `INSERT INTO ${quoteIdent(schema)}.${SYNC_STATE_TABLE} (stream, cursor, updated_at)
VALUES (${quoteString(stream)}, ${quoteString(JSON.stringify(cursor))}, now())
ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`;
}

/** Refunds without refund lines: bulk files cannot carry them (a connection inside a list), so they are fetched after. */
export function refundsWithoutLinesSql(schema: string): string {
  const s = quoteIdent(schema);
  return `SELECT r.id, r.order_id FROM ${s}.refunds r
WHERE NOT r.is_deleted AND NOT EXISTS (SELECT 1 FROM ${s}.refund_lines l WHERE l.refund_id = r.id) ORDER BY r.id`;
}
