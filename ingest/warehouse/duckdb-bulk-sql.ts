// The backfill fast path of the DuckDB writer: a bulk file landing into empty raw tables. Pure SQL text.
// Every line's JSON is parsed ONCE (one json_extract with all the paths routing needs, inline child lists
// included), then each raw table gets one plain INSERT filtered by `__typename`. The general routing
// (duckdb-sql.ts: self-joins over every line, stored clocks, newer-wins, QUALIFY dedup) is what made a
// bulk load run at a few thousand rows per second; none of it is needed when the tables hold nothing yet.
import { quoteIdent, quoteString } from './duckdb-sql.js';
import { INLINE_LISTS, STRIPPED_KEYS, type Route } from './routes.js';
import { columnsOf, rawTable, type RawTableName } from './tables.js';

export const BULK_STAGE = '_clv_bulk';

/** Paths read from every line in the single parse; the order is the staged column order. */
const PATHS: [column: string, path: string][] = [
  ['t', '$.__typename'],
  ['id', '$.id'],
  ['parent', '$.__parentId'],
  ['updated', '$.updatedAt'],
  ['lrid', '$.legacyResourceId'],
  ['customer_id', '$.customer.id'],
  ['line_item_id', '$.lineItem.id'],
  ['idx', '$.index'],
];
const INLINE_FIELDS = [...new Set(INLINE_LISTS.map((l) => l.field))];
const inlineColumn = (field: string): string => quoteIdent(`inline_${field}`);

/**
 * Stage the file: scalar routing columns (unquoted with ->>'$', a parse of a tiny value), the inline lists
 * as JSON text, and the line itself. Inline list items are then appended as lines of their own whose
 * parent is the line that held them, so every table routes the same way.
 */
export function stageBulkSql(file: string): string[] {
  const paths = [...PATHS.map(([, p]) => p), ...INLINE_FIELDS.map((f) => `$.${f}`)];
  const scalars = PATHS.map(([column], i) => `k[${i + 1}]->>'$' AS ${column}`);
  const lists = INLINE_FIELDS.map((f, i) => `k[${PATHS.length + i + 1}] AS ${inlineColumn(f)}`);
  const nulls = INLINE_FIELDS.map(() => 'NULL');
  const childScalars = PATHS.map(([column], i) => (column === 'parent' ? 'parent' : `k[${i + 1}]->>'$'`));
  const childPaths = PATHS.map(([, p]) => p);
  return [
    `CREATE OR REPLACE TEMP TABLE ${BULK_STAGE} AS
SELECT ${[...scalars, ...lists].join(', ')}, json AS j
FROM (SELECT json_extract(json, [${paths.map(quoteString).join(', ')}]) AS k, json
      FROM read_json_objects(${quoteString(file)}, format = 'newline_delimited'))`,
    ...INLINE_LISTS.map(
      ({ parentTypename, field }) => `INSERT INTO ${BULK_STAGE}
SELECT ${[...childScalars, ...nulls].join(', ')}, c FROM (
  SELECT parent, c, json_extract(c, [${childPaths.map(quoteString).join(', ')}]) AS k FROM (
    SELECT id AS parent, unnest(json_extract(${inlineColumn(field)}, '$[*]')) AS c FROM ${BULK_STAGE}
    WHERE t = ${quoteString(parentTypename)} AND json_type(${inlineColumn(field)}) = 'ARRAY'))`,
    ),
  ];
}

/** The general routing's `_clv_lines` (duckdb-sql.ts) from the same staged parse; rowid keeps file order. */
export function linesFromBulkStageSql(): string {
  return `CREATE OR REPLACE TEMP TABLE _clv_lines AS SELECT rowid AS n, t, id, parent, updated, lrid, j FROM ${BULK_STAGE}`;
}

/** Per type: lines, root lines, newest root clock; plus lines whose parent is not in the file. */
export function bulkSummarySql(): string {
  return `SELECT t, count(*)::INTEGER AS n, count(*) FILTER (WHERE parent IS NULL)::INTEGER AS roots,
       max(CAST(updated AS TIMESTAMPTZ)) FILTER (WHERE parent IS NULL) AS newest,
       count(*) FILTER (WHERE parent IS NOT NULL AND parent NOT IN (SELECT id FROM ${BULK_STAGE} WHERE parent IS NULL AND id IS NOT NULL))::INTEGER AS orphans
FROM ${BULK_STAGE} GROUP BY t`;
}

/** A route the fast path can load: its rows need nothing beyond their own line and their parent's clock. */
export const fastRoutable = (route: Route): boolean => route.clockDepth <= 1 && route.id !== 'parent-slash-line-item';

/** Plain INSERT of one raw table's rows from the staged lines (target empty, ids unique: the PK checks it). */
export function insertBulkSql(schema: string, route: Route, apiVersion: string): string {
  const table = rawTable(route.table);
  const types = route.typenames.map(quoteString).join(', ');
  const strip = route.typenames.filter((t) => STRIPPED_KEYS[t]);
  const patch = (t: string) => quoteString(JSON.stringify(Object.fromEntries(STRIPPED_KEYS[t]!.map((k) => [k, null]))));
  const data = strip.length === 0 ? 'l.j' : `CASE ${strip.map((t) => `WHEN l.t = ${quoteString(t)} THEN json_merge_patch(l.j, ${patch(t)})`).join(' ')} ELSE l.j END`;
  // DiscountApplication.index is the application's position on the order; file order is the fallback.
  const id =
    route.id === 'parent-hash-index'
      ? `l.parent || '#' || coalesce(l.idx, CAST(row_number() OVER (PARTITION BY l.parent ORDER BY l.rowid) - 1 AS VARCHAR))`
      : 'l.id';
  const clock = route.clockDepth === 0 ? 'l.updated' : 'p.updated';
  const source = { parent: 'l.parent', grandparent: 'NULL', 'customer.id': 'l.customer_id', 'lineItem.id': 'l.line_item_id' } as const;
  const keys = table.keys.map((k) => (route.keys[k] ? source[route.keys[k]!] : 'NULL'));
  const join = route.clockDepth === 0 ? '' : `LEFT JOIN (SELECT id, updated FROM ${BULK_STAGE} WHERE parent IS NULL) p ON p.id = l.parent`;
  return `INSERT INTO ${quoteIdent(schema)}.${quoteIdent(table.name)} (${columnsOf(table).map(quoteIdent).join(', ')})
SELECT ${id}, l.lrid, CAST(${clock} AS TIMESTAMPTZ), ${data}, false, now(), ${quoteString(apiVersion)}${keys.map((k) => `, ${k}`).join('')}
FROM ${BULK_STAGE} l ${join}
WHERE l.t IN (${types})`;
}

/** Whether each of the tables is empty (one query). */
export function emptyTargetsSql(schema: string, tables: readonly RawTableName[]): string {
  return tables
    .map((t) => `SELECT ${quoteString(t)} AS tbl, NOT EXISTS (SELECT 1 FROM ${quoteIdent(schema)}.${quoteIdent(t)}) AS empty`)
    .join(' UNION ALL ');
}
