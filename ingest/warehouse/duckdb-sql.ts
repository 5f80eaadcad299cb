// DuckDB spelling of the raw-table contract and of the node-line routing. Pure SQL text.
import { INLINE_LISTS, ROUTES, STRIPPED_KEYS, type Route } from './routes.js';
import { jsonAsRawData, rawStructType } from './raw-struct.js';
import { COMMON_COLUMNS, RAW_TABLES, SYNC_STATE_TABLE, columnsOf, foreignKeyTo, type RawTable, type RawTableName } from './tables.js';

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
export const quoteString = (value: string): string => `'${value.replace(/'/g, "''")}'`;

function tableDdl(schema: string, table: RawTable, primaryKey: boolean): string {
  const cols = [
    ...COMMON_COLUMNS.map(([name, type]) =>
      name === 'id'
        ? `id VARCHAR${primaryKey ? ' PRIMARY KEY' : ''}`
        : name === 'is_deleted'
          ? `is_deleted BOOLEAN DEFAULT false`
          : name === 'data'
            ? `data ${rawStructType(table.name)}`
            : `${name} ${type}`,
    ),
    ...table.keys.map((key) => `${key} VARCHAR`),
  ];
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.${quoteIdent(table.name)} (${cols.join(', ')})`;
}

export function createTablesSql(schema: string): string[] {
  const s = quoteIdent(schema);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    ...RAW_TABLES.map((table) => tableDdl(schema, table, true)),
    `CREATE TABLE IF NOT EXISTS ${s}.${SYNC_STATE_TABLE} (stream VARCHAR PRIMARY KEY, cursor JSON, updated_at TIMESTAMPTZ)`,
  ];
}

/**
 * An empty raw table made again without its primary key, for a backfill: DuckDB checks and builds the key's
 * index far faster once over the loaded table (`addPrimaryKeySql`) than row by row during the INSERT and its
 * commit. Same columns, same key in the end; all inside the landing transaction.
 */
export function recreateWithoutKeySql(schema: string, table: RawTable): string[] {
  return [`DROP TABLE ${quoteIdent(schema)}.${quoteIdent(table.name)}`, tableDdl(schema, table, false)];
}

export function addPrimaryKeySql(schema: string, table: RawTable): string {
  return `ALTER TABLE ${quoteIdent(schema)}.${quoteIdent(table.name)} ADD PRIMARY KEY (id)`;
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

const stripped = (): string => {
  const cases = Object.entries(STRIPPED_KEYS).map(
    ([t, keys]) => `WHEN l.t = ${quoteString(t)} THEN json_merge_patch(l.j, ${quoteString(JSON.stringify(Object.fromEntries(keys.map((k) => [k, null]))))})`,
  );
  return `CASE ${cases.join(' ')} ELSE l.j END`;
};

const inList = (types: string[]): string => `l.t IN (${types.map(quoteString).join(', ')})`;
const typesWhere = (pred: (r: Route) => boolean): string[] => ROUTES.filter(pred).flatMap((r) => r.typenames);

/** Every key column any route fills, in a stable order. */
export const ROUTED_KEYS = [...new Set(ROUTES.flatMap((r) => Object.keys(r.keys)))];

/**
 * One statement routes every staged line: its table, id, inherited clock and key columns. (One statement per
 * table cost ~50 ms each in planning alone, which dominated small paginated pages.) `data` stays JSON here;
 * `stripInlineLists` removes the inline child lists from it for a warehouse that stores that JSON
 * (Snowflake). DuckDB's typed `data` has no such fields, so the upsert's json_transform drops them anyway
 * and patching every order's JSON first would be wasted work.
 */
export function routeLinesSql(schema: string, apiVersion: string, stripInlineLists: boolean): string {
  const s = quoteIdent(schema);
  const table = `CASE ${ROUTES.map((r) => `WHEN ${inList(r.typenames)} THEN ${quoteString(r.table)}`).join(' ')} END`;
  const slash = typesWhere((r) => r.id === 'parent-slash-line-item');
  const hash = typesWhere((r) => r.id === 'parent-hash-index');
  // DiscountApplication.index is the application's position on the order; file order is the fallback.
  const id = `CASE WHEN ${inList(slash)} THEN l.parent || '/' || json_extract_string(l.j, '$.lineItem.id')
    WHEN ${inList(hash)} THEN l.parent || '#' || coalesce(json_extract_string(l.j, '$.index'),
      CAST(row_number() OVER (PARTITION BY l.parent, ${inList(hash)} ORDER BY l.n) - 1 AS VARCHAR))
    ELSE l.id END`;
  const depth1 = typesWhere((r) => r.clockDepth === 1);
  const depth2 = typesWhere((r) => r.clockDepth === 2);
  // A child may arrive without its root in the file (follow-up fetches): then the stored root's clock applies.
  const stored = 'CAST(coalesce(ro.updated_at, rp.updated_at) AS VARCHAR)';
  const clock = `CASE WHEN ${inList(depth1)} THEN coalesce(p.updated, ${stored}) WHEN ${inList(depth2)} THEN coalesce(g.updated, ${stored}) ELSE l.updated END`;
  const rootId = `CASE WHEN ${inList(depth2)} THEN p.parent ELSE l.parent END`;
  const source = { parent: 'l.parent', grandparent: 'p.parent', 'customer.id': `json_extract_string(l.j, '$.customer.id')`, 'lineItem.id': `json_extract_string(l.j, '$.lineItem.id')` };
  const keys = ROUTED_KEYS.map((key) => {
    const whens = ROUTES.filter((r) => r.keys[key]).map((r) => `WHEN ${inList(r.typenames)} THEN ${source[r.keys[key]!]}`);
    return `CASE ${whens.join(' ')} END AS ${quoteIdent(key)}`;
  });
  return `CREATE OR REPLACE TEMP TABLE _clv_routed AS
SELECT * FROM (
  SELECT ${table} AS tbl, ${id} AS id, l.lrid AS legacy_resource_id, CAST(${clock} AS TIMESTAMPTZ) AS updated_at,
         ${stripInlineLists ? stripped() : 'l.j'} AS data, false AS is_deleted,
         now() AS _synced_at, ${quoteString(apiVersion)} AS _source_api_version, ${keys.join(', ')}
  FROM _clv_lines l
  LEFT JOIN _clv_lines p ON p.id = l.parent
  LEFT JOIN _clv_lines g ON g.id = p.parent
  LEFT JOIN ${s}.orders ro ON ro.id = ${rootId}
  LEFT JOIN ${s}.products rp ON rp.id = ${rootId}
  WHERE l.t IN (${ROUTES.flatMap((r) => r.typenames).map(quoteString).join(', ')})
)
QUALIFY row_number() OVER (PARTITION BY tbl, id ORDER BY updated_at DESC) = 1`;
}

const routed = (table: string): string => `(SELECT * FROM _clv_routed WHERE tbl = ${quoteString(table)})`;

/**
 * A parent landed with a version at least as new as the stored one carries its complete set of children, so
 * children it no longer has (removed discount, edited order) are dropped rather than kept stale. Statements for
 * every child table given: the landed parents are found once per parent table (a join with the stored parents,
 * which scanned the whole parent table again for each of its five child tables), then one DELETE per child.
 */
export function dropOrphanedChildrenSql(schema: string, children: readonly RawTable[]): string[] {
  const s = quoteIdent(schema);
  const parents = [...new Set(children.map((child) => child.parent!))];
  const landed = (parent: RawTableName): string => `_clv_landed_${parent}`;
  return [
    ...parents.map((parent) => `CREATE OR REPLACE TEMP TABLE ${landed(parent)} AS
SELECT sp.id FROM ${routed(parent)} sp LEFT JOIN ${s}.${quoteIdent(parent)} rp ON rp.id = sp.id
WHERE rp.id IS NULL OR sp.updated_at >= rp.updated_at`),
    ...children.map((child) => `DELETE FROM ${s}.${quoteIdent(child.name)} c
WHERE c.${foreignKeyTo(child.parent!)} IN (SELECT id FROM ${landed(child.parent!)})
  AND c.id NOT IN (SELECT id FROM ${routed(child.name)})`),
  ];
}

/** Routed rows carry `data` as JSON (the Snowflake router ships it as is); the raw table keeps it typed. */
export const routedColumnsSql = (table: RawTable): string =>
  columnsOf(table).map((c) => (c === 'data' ? `${jsonAsRawData(table.name, 'data')} AS data` : quoteIdent(c))).join(', ');

export function upsertSql(schema: string, table: RawTable): string {
  const cols = columnsOf(table);
  const target = `${quoteIdent(schema)}.${quoteIdent(table.name)}`;
  const updates = cols.filter((c) => c !== 'id').map((c) => `${quoteIdent(c)} = excluded.${quoteIdent(c)}`);
  return `INSERT INTO ${target} (${cols.map(quoteIdent).join(', ')})
SELECT ${routedColumnsSql(table)} FROM ${routed(table.name)}
ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}
WHERE excluded.updated_at >= ${quoteIdent(table.name)}.updated_at`;
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
