// Quoting policy (dbt-snowflake's default, `quoting: {database: false, schema: false, identifier: false}`):
// - Relations are written UNQUOTED (`analytics.marts.customer_ltv`), so Snowflake stores and resolves them
//   upper-cased exactly as a hand-written query would; users never have to type `"customer_ltv"`.
// - Columns in generated DML are QUOTED UPPER-CASE (`"CUSTOMER_ID"`): that names the same column an
//   unquoted `customer_id` created, and survives reserved words (`"ORDER"`, `"GROUP"`) in column lists.
// - A name that is not a plain identifier (mixed punctuation, spaces, or deliberately mixed-case seeds)
//   is quoted verbatim, because upper-casing it would name a different object.
// Compare names from Snowflake's information_schema upper-cased; it reports them as stored.
import type { RelationRef } from '../../manifest.js';

const PLAIN = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** Words Snowflake reserves that must be quoted even as relation parts (subset relevant to names). */
const RESERVED = new Set([
  'all', 'alter', 'and', 'any', 'as', 'between', 'by', 'case', 'cast', 'check', 'column', 'connect',
  'create', 'current', 'delete', 'distinct', 'drop', 'else', 'exists', 'false', 'following', 'for', 'from',
  'full', 'grant', 'group', 'having', 'ilike', 'in', 'increment', 'inner', 'insert', 'intersect', 'into',
  'is', 'join', 'lateral', 'left', 'like', 'minus', 'natural', 'not', 'null', 'of', 'on', 'or', 'order',
  'qualify', 'regexp', 'revoke', 'right', 'rlike', 'row', 'rows', 'sample', 'select', 'set', 'some', 'start',
  'table', 'tablesample', 'then', 'to', 'trigger', 'true', 'try_cast', 'union', 'unique', 'update', 'using',
  'values', 'view', 'when', 'whenever', 'where', 'with',
]);

export const isPlainIdentifier = (name: string): boolean => PLAIN.test(name) && !RESERVED.has(name.toLowerCase());

/** Quote a column (or any identifier) so it names what the unquoted spelling would. */
export function quoteIdentifier(name: string): string {
  const stored = PLAIN.test(name) ? name.toUpperCase() : name;
  return `"${stored.replace(/"/g, '""')}"`;
}

/** A relation part: bare when Snowflake would resolve it the same, quoted otherwise. */
const relationPart = (name: string): string => (isPlainIdentifier(name) ? name : quoteIdentifier(name));

export function renderRelation(relation: RelationRef): string {
  return [relation.database, relation.schema, relation.identifier]
    .filter((p): p is string => !!p)
    .map(relationPart)
    .join('.');
}

export function renderSchema(relation: Pick<RelationRef, 'database' | 'schema'>): string {
  return [relation.database, relation.schema].filter((p): p is string => !!p).map(relationPart).join('.');
}

export const quoteLiteral = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** How Snowflake stores a name written in SQL text by this dialect (for comparisons). */
export const storedName = (name: string): string => (PLAIN.test(name) ? name.toUpperCase() : name);

export const columnList = (columns: string[]): string => columns.map(quoteIdentifier).join(', ');
