// The typed shape of each raw table's `data` on DuckDB: a STRUCT derived from the very field lists the
// ingest queries select, so the column holds exactly what was asked for. DuckDB keeps JSON as text and
// re-parses a whole node for every read, which made staging 1M orders cost most of a build; a STRUCT is
// parsed once, when the row lands, stored column by column and read field by field. Snowflake keeps VARIANT
// (parsed at load there too). Pure data + text.
import { Kind, parse, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import {
  CUSTOMER_FIELDS,
  DISCOUNT_FIELDS,
  LINE_ITEM_FIELDS,
  ORDER_FIELDS,
  PRODUCT_FIELDS,
  REFUND_FIELDS,
  REFUND_LINE_FIELDS,
  TRANSACTION_FIELDS,
  VARIANT_FIELDS,
} from '../queries.js';
import { ROUTES } from './routes.js';
import type { RawTableName } from './tables.js';

/** A selection as a tree: leaf → null, object → its fields (fragments merged in). */
export type Shape = { [field: string]: Shape | null };

const SELECTION_OF: Record<RawTableName, string> = {
  customers: CUSTOMER_FIELDS,
  orders: ORDER_FIELDS,
  order_lines: LINE_ITEM_FIELDS,
  transactions: TRANSACTION_FIELDS,
  refunds: REFUND_FIELDS,
  refund_lines: REFUND_LINE_FIELDS,
  discount_applications: DISCOUNT_FIELDS,
  products: PRODUCT_FIELDS,
  product_variants: VARIANT_FIELDS,
};

// Leaves whose GraphQL type is not a string. Everything else (ids, Decimal money, DateTime, enums,
// UnsignedInt64) arrives as a JSON string and stays text: staging casts it, never through a float.
const LEAF_TYPES: Record<string, string> = {
  test: 'BOOLEAN',
  verifiedEmail: 'BOOLEAN',
  isGiftCard: 'BOOLEAN',
  quantity: 'BIGINT',
  currentQuantity: 'BIGINT',
  index: 'BIGINT',
  customerOrderIndex: 'BIGINT',
  daysToConversion: 'BIGINT',
  percentage: 'DOUBLE',
};
/** Scalar lists ([String!]!): not connections, so they stay in the node. */
const LIST_LEAVES = new Set(['tags', 'discountCodes']);
const leafType = (name: string): string => LEAF_TYPES[name] ?? 'VARCHAR';

/** A selection's fields as a tree (fragments merged into their parent: a table holding several types has all their fields). */
export function parseSelection(text: string): Shape {
  const operation = parse(`{ ${text} }`).definitions[0] as OperationDefinitionNode;
  return shapeOf(operation.selectionSet);
}

function shapeOf(set: SelectionSetNode): Shape {
  const shape: Shape = {};
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) merge(shape, shapeOf(selection.selectionSet));
    else if (selection.kind === Kind.FIELD) merge(shape, { [selection.name.value]: selection.selectionSet ? shapeOf(selection.selectionSet) : null });
    else throw new Error(`raw table selections use no named fragments (found ...${selection.name.value})`);
  }
  return shape;
}

function merge(into: Shape, from: Shape): Shape {
  for (const [field, child] of Object.entries(from)) {
    const existing = into[field];
    into[field] = existing && child ? merge(existing, child) : (existing ?? child);
  }
  return into;
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function typeOf(shape: Shape): string {
  const fields = Object.entries(shape).map(([name, child]) => {
    if (child) return `${ident(name)} ${typeOf(child)}`;
    return `${ident(name)} ${leafType(name)}${LIST_LEAVES.has(name) ? '[]' : ''}`;
  });
  return `STRUCT(${fields.join(', ')})`;
}

/** The selection a raw table's rows were fetched with (a table whose route holds several types: all merged). */
export function rawShape(table: RawTableName): Shape {
  if (!ROUTES.some((r) => r.table === table)) throw new Error(`no route lands raw table ${table}`);
  return parseSelection(SELECTION_OF[table]);
}

/** DuckDB type of a raw table's `data`. */
export const rawStructType = (table: RawTableName): string => typeOf(rawShape(table));

/** A JSON node (text or JSON value) as the table's `data`: fields not selected are dropped, a field of the
 * wrong shape becomes NULL rather than failing the landing (dirty input loses one field, not the page). */
export const jsonAsRawData = (table: RawTableName, json: string): string =>
  `json_transform(${json}, '${structureJson(rawShape(table)).replace(/'/g, "''")}')`;

/** json_transform's structure argument: the shape with DuckDB type names at the leaves. */
function structureJson(shape: Shape): string {
  const walk = (s: Shape): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(s).map(([name, child]) => [name, child ? walk(child) : LIST_LEAVES.has(name) ? [leafType(name)] : leafType(name)]),
    );
  return JSON.stringify(walk(shape));
}
