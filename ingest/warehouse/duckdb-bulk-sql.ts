// The backfill fast path of the DuckDB writer: a bulk file landing into empty raw tables. Pure SQL text.
// A first pass keeps only the routing keys of every line (a few short strings), never the lines themselves:
// copying a multi-GB file's JSON into a temp table, then again into the raw tables, cost more than parsing
// it. Each raw table then takes one plain INSERT that reads its lines straight from the file (a re-read of a
// file the OS has cached is cheap next to storing the rows). The general routing (duckdb-sql.ts: stored
// clocks, newer-wins, QUALIFY dedup) is not needed when the tables hold nothing yet.
import { quoteIdent, quoteString } from './duckdb-sql.js';
import { jsonAsRawData } from './raw-struct.js';
import { INLINE_LISTS, type Route } from './routes.js';
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
const KEY_COLUMNS = PATHS.map(([column]) => column).join(', ');

/**
 * One parse of each line: its routing keys as text (unquoted with ->>'$') and, when staging, its inline
 * lists. `types` skips, before any parse, lines that cannot be of those types:
 * a line whose `__typename` is X holds the JSON string "X", a byte search far cheaper than a parse (the
 * exact test on the parsed type still follows).
 */
function extracted(file: string, options: { withLists?: boolean; types?: string[] } = {}): string {
  const paths = [...PATHS.map(([, p]) => p), ...(options.withLists ? INLINE_FIELDS.map((f) => `$.${f}`) : [])];
  const scalars = PATHS.map(([column], i) => `k[${i + 1}]->>'$' AS ${column}`);
  const lists = options.withLists ? INLINE_FIELDS.map((f, i) => `, k[${PATHS.length + i + 1}] AS ${inlineColumn(f)}`).join('') : '';
  const where = options.types ? `\n      WHERE ${options.types.map((t) => `contains(json, ${quoteString(JSON.stringify(t))})`).join(' OR ')}` : '';
  return `SELECT ${scalars.join(', ')}${lists}, json AS j
FROM (SELECT json_extract(json, [${paths.map(quoteString).join(', ')}]) AS k, json
      FROM read_json_objects(${quoteString(file)}, format = 'newline_delimited')${where})`;
}

/**
 * Stage the file's routing keys, and the JSON of child lines (a small share of a bulk file's bytes: root
 * lines, orders above all, are the large ones and are read again from the file). `keepLines` keeps every
 * line (small page files, which may need the general routing). Inline list items are appended as child
 * lines whose parent is the line that held them, so every table routes the same way.
 */
export function stageBulkSql(file: string, keepLines: boolean): string[] {
  const lists = INLINE_FIELDS.map((f) => inlineColumn(f)).join(', ');
  const nulls = INLINE_FIELDS.map(() => 'NULL').join(', ');
  const childScalars = PATHS.map(([column], i) => (column === 'parent' ? 'parent' : `k[${i + 1}]->>'$'`));
  return [
    `CREATE OR REPLACE TEMP TABLE ${BULK_STAGE} AS
SELECT ${KEY_COLUMNS}, ${lists}, ${keepLines ? 'j' : 'CASE WHEN parent IS NOT NULL THEN j END AS j'}, ${keepLines ? 'true' : 'parent IS NOT NULL'} AS in_stage FROM (${extracted(file, { withLists: true })})`,
    ...INLINE_LISTS.map(
      ({ parentTypename, field }) => `INSERT INTO ${BULK_STAGE}
SELECT ${childScalars.join(', ')}, ${nulls}, c, true FROM (
  SELECT parent, c, json_extract(c, [${PATHS.map(([, p]) => quoteString(p)).join(', ')}]) AS k FROM (
    SELECT id AS parent, unnest(json_extract(${inlineColumn(field)}, '$[*]')) AS c FROM ${BULK_STAGE}
    WHERE t = ${quoteString(parentTypename)} AND json_type(${inlineColumn(field)}) = 'ARRAY'))`,
    ),
  ];
}

/** The general routing's `_clv_lines` (duckdb-sql.ts) from a stage that kept its lines; rowid keeps file order. */
export function linesFromBulkStageSql(): string {
  return `CREATE OR REPLACE TEMP TABLE _clv_lines AS SELECT rowid AS n, t, id, parent, updated, lrid, j FROM ${BULK_STAGE}`;
}

/** Per type: lines, lines held in the stage, root lines, newest root clock; plus lines whose root (one or two levels up) is not in the file. */
export function bulkSummarySql(): string {
  return `SELECT t, count(*)::INTEGER AS n, count(*) FILTER (WHERE in_stage)::INTEGER AS staged,
       count(*) FILTER (WHERE parent IS NULL)::INTEGER AS roots,
       max(CAST(updated AS TIMESTAMPTZ)) FILTER (WHERE parent IS NULL) AS newest,
       count(*) FILTER (WHERE parent IS NOT NULL AND parent NOT IN (
         SELECT id FROM ${BULK_STAGE} WHERE id IS NOT NULL AND (parent IS NULL OR parent IN (SELECT id FROM ${BULK_STAGE} WHERE parent IS NULL AND id IS NOT NULL))))::INTEGER AS orphans
FROM ${BULK_STAGE} GROUP BY t`;
}

/** A route the fast path can load: every route, once the file holds each child's root (checked by the summary). */
export const fastRoutable = (route: Route): boolean => route.clockDepth <= 2;

/** Where a route's lines are: read again from the file, and/or held in the stage. */
export interface BulkSources {
  file?: string;
  staged: boolean;
}

/** Plain INSERT of one raw table's rows (target empty, ids unique: the key is added after the load). */
export function insertBulkSql(schema: string, route: Route, apiVersion: string, sources: BulkSources): string {
  const table = rawTable(route.table);
  const types = route.typenames.map(quoteString).join(', ');
  const hash = route.id === 'parent-hash-index';
  // DiscountApplication.index is the application's position on the order; file order is the fallback
  // (numbered among this route's lines only, so the window never holds the whole file).
  const id = hash
    ? `l.parent || '#' || coalesce(l.idx, CAST(row_number() OVER (PARTITION BY l.parent ORDER BY l.n) - 1 AS VARCHAR))`
    : route.id === 'parent-slash-line-item'
      ? `l.parent || '/' || l.line_item_id`
      : 'l.id';
  const parts: string[] = [];
  if (sources.file) parts.push(`SELECT ${KEY_COLUMNS}, j FROM (${extracted(sources.file, { types: route.typenames })}) WHERE t IN (${types})`);
  if (sources.staged) parts.push(`SELECT ${KEY_COLUMNS}, j FROM ${BULK_STAGE} WHERE in_stage AND t IN (${types})`);
  const lines = hash ? `SELECT row_number() OVER () AS n, * FROM (${parts.join(' UNION ALL ')})` : parts.join(' UNION ALL ');
  const clock = route.clockDepth === 0 ? 'l.updated' : 'p.updated';
  const source = { parent: 'l.parent', grandparent: 'pp.parent', 'customer.id': 'l.customer_id', 'lineItem.id': 'l.line_item_id' } as const;
  const keys = table.keys.map((k) => (route.keys[k] ? source[route.keys[k]!] : 'NULL'));
  const roots = `(SELECT id, updated FROM ${BULK_STAGE} WHERE parent IS NULL)`;
  // Two levels (refund lines): the clock is the root's, reached through the parent's own parent.
  const join =
    route.clockDepth === 0
      ? ''
      : route.clockDepth === 1
        ? `LEFT JOIN ${roots} p ON p.id = l.parent`
        : `LEFT JOIN (SELECT id, parent FROM ${BULK_STAGE} WHERE parent IS NOT NULL AND id IS NOT NULL) pp ON pp.id = l.parent LEFT JOIN ${roots} p ON p.id = pp.parent`;
  return `INSERT INTO ${quoteIdent(schema)}.${quoteIdent(table.name)} (${columnsOf(table).map(quoteIdent).join(', ')})
SELECT ${id}, l.lrid, CAST(${clock} AS TIMESTAMPTZ), ${jsonAsRawData(route.table, 'l.j')}, false, now(), ${quoteString(apiVersion)}${keys.map((k) => `, ${k}`).join('')}
FROM (${lines}) l ${join}`;
}

/** Whether each of the tables is empty (one query). */
export function emptyTargetsSql(schema: string, tables: readonly RawTableName[]): string {
  return tables
    .map((t) => `SELECT ${quoteString(t)} AS tbl, NOT EXISTS (SELECT 1 FROM ${quoteIdent(schema)}.${quoteIdent(t)}) AS empty`)
    .join(' UNION ALL ');
}
