// Executes a validated operation over plain node objects: a value that is a function is called with the
// field's arguments (lazy fields, root resolvers), arrays behind *Connection types are paginated here, and
// the result holds exactly the selected fields. Also counts the actual cost of what was returned.
import {
  getArgumentValues, getNamedType, isCompositeType, isListType, isNonNullType,
  type FieldNode, type GraphQLField, type GraphQLObjectType, type GraphQLOutputType, type SelectionSetNode,
} from 'graphql';
import { isConnectionType, isFreeWrapper } from './cost.js';
import { collectFields, mergedSelection, type FieldContext } from './fields.js';
import { decodeCursor, encodeCursor } from './listing.js';

export const MAX_PAGE_SIZE = 250;

export class ExecError extends Error {
  constructor(message: string, readonly extensions: Record<string, unknown>, readonly node?: FieldNode, readonly path?: Array<string | number>) {
    super(message);
  }
  toJSON() {
    const loc = this.node?.loc;
    const locations = loc ? [{ line: loc.startToken.line, column: loc.startToken.column }] : undefined;
    return { message: this.message, ...(locations ? { locations } : {}), ...(this.path ? { path: this.path } : {}), extensions: this.extensions };
  }
}

export interface Connection { __connection: true; items: unknown[]; cursors: string[]; hasNextPage: boolean; hasPreviousPage: boolean }

export interface ExecContext extends FieldContext {
  /** Bulk mode: no page-size rules, nested connections return every item. */
  bulk: boolean;
  actualCost: number;
  plans?: WeakMap<SelectionSetNode, Map<string, ObjectPlan>>;
}

type Obj = Record<string, unknown>;
type Args = Record<string, unknown>;

export function checkPageArgs(args: Args, fieldName: string, node?: FieldNode, path?: Array<string | number>): number {
  const first = (args.first ?? args.last) as number | undefined | null;
  if (first === undefined || first === null) {
    throw new ExecError('you must provide one of first or last', { code: 'BAD_USER_INPUT', argumentName: 'first' }, node, path);
  }
  if (first > MAX_PAGE_SIZE || first < 0) {
    throw new ExecError(`The page size of ${first} requested on '${fieldName}' exceeds the maximum of ${MAX_PAGE_SIZE}; request at most ${MAX_PAGE_SIZE} and paginate with 'after'.`,
      { code: 'MAX_PAGE_SIZE_EXCEEDED', argumentName: 'first', maxPageSize: MAX_PAGE_SIZE, requested: first }, node, path);
  }
  return first;
}

/** Paginates an in-memory child list (line items, variants, …) with opaque index cursors. */
function arrayConnection(ctx: ExecContext, items: unknown[], args: Args, node: FieldNode, path: Array<string | number>): Connection {
  const all = args.reverse ? [...items].reverse() : items;
  if (ctx.bulk) return { __connection: true, items: all, cursors: all.map((_, i) => encodeCursor({ last_id: i, last_value: i })), hasNextPage: false, hasPreviousPage: false };
  const first = checkPageArgs(args, node.name.value, node, path);
  let start = 0;
  if (typeof args.after === 'string') {
    const c = decodeCursor(args.after);
    if (!c) throw new ExecError(`Invalid cursor for '${node.name.value}'`, { code: 'BAD_USER_INPUT', argumentName: 'after' }, node, path);
    start = c.last_id + 1;
  }
  const page = all.slice(start, start + first);
  return {
    __connection: true, items: page, cursors: page.map((_, i) => encodeCursor({ last_id: start + i, last_value: start + i })),
    hasNextPage: start + first < all.length, hasPreviousPage: start > 0,
  };
}

function connectionObject(typeName: string, c: Connection): Obj {
  const edgeType = typeName.replace(/Connection$/, 'Edge');
  return {
    __typename: typeName,
    edges: c.items.map((node, i) => ({ __typename: edgeType, cursor: c.cursors[i], node })),
    nodes: c.items,
    pageInfo: {
      __typename: 'PageInfo', hasNextPage: c.hasNextPage, hasPreviousPage: c.hasPreviousPage,
      startCursor: c.cursors[0] ?? null, endCursor: c.cursors[c.cursors.length - 1] ?? null,
    },
  };
}

interface FieldPlan {
  key: string;
  name: string;
  node: FieldNode;
  args: Args;
  type: GraphQLOutputType;
  named: string;
  composite: boolean;
  connection: boolean;
  list: boolean;
  set: SelectionSetNode | undefined;
}
interface ObjectPlan { free: boolean; fields: FieldPlan[] }

/**
 * The fields to produce for one (type, selection set) pair, with arguments resolved once per operation:
 * collecting fields and coercing arguments per object would dominate a million-row bulk run.
 */
function planFor(ctx: ExecContext, typeName: string, set: SelectionSetNode): ObjectPlan {
  ctx.plans ??= new WeakMap();
  let byType = ctx.plans.get(set);
  if (!byType) { byType = new Map(); ctx.plans.set(set, byType); }
  let plan = byType.get(typeName);
  if (plan) return plan;
  const type = ctx.schema.getType(typeName) as GraphQLObjectType;
  const defs = type.getFields();
  const fields: FieldPlan[] = [];
  for (const [key, nodes] of collectFields(ctx, set, typeName)) {
    const node = nodes[0]!;
    const name = node.name.value;
    if (name === '__typename') {
      fields.push({ key, name, node, args: {}, type: null as never, named: '', composite: false, connection: false, list: false, set: undefined });
      continue;
    }
    const def = defs[name] as GraphQLField<unknown, unknown>;
    const named = getNamedType(def.type);
    fields.push({
      key, name, node, args: getArgumentValues(def, node, ctx.variables), type: def.type, named: named.name,
      composite: isCompositeType(named), connection: isConnectionType(named.name), set: mergedSelection(nodes),
      list: isListType(isNonNullType(def.type) ? def.type.ofType : def.type),
    });
  }
  plan = { free: isFreeWrapper(typeName), fields };
  byType.set(typeName, plan);
  return plan;
}

export function completeObject(ctx: ExecContext, typeName: string, value: Obj, set: SelectionSetNode, path: Array<string | number>): Obj {
  const plan = planFor(ctx, typeName, set);
  if (!plan.free) ctx.actualCost += 1;
  const out: Obj = {};
  for (const f of plan.fields) {
    if (f.name === '__typename') { out[f.key] = typeName; continue; }
    let raw = value[f.name];
    if (typeof raw === 'function') raw = (raw as (a: Args, n: FieldNode) => unknown)(f.args, f.node);
    if (raw === null || raw === undefined) out[f.key] = null;
    else if (!f.composite) out[f.key] = raw;
    else out[f.key] = completeValue(ctx, f, raw, ctx.bulk ? path : [...path, f.key]);
  }
  return out;
}

function completeValue(ctx: ExecContext, f: FieldPlan, raw: unknown, path: Array<string | number>): unknown {
  if (f.connection) {
    if (ctx.bulk && Array.isArray(raw)) return bulkConnection(ctx, f, raw, path);
    const conn = Array.isArray(raw) ? arrayConnection(ctx, raw, f.args, f.node, path) : (raw as Connection);
    ctx.actualCost += 2;
    return completeObject(ctx, f.named, connectionObject(f.named, conn), f.set!, path);
  }
  if (f.list) {
    let list = raw as unknown[];
    if (!ctx.bulk && typeof f.args.first === 'number') {
      checkPageArgs(f.args, f.name, f.node, path);
      list = list.slice(0, f.args.first);
    }
    return list.map((item, i) => completeItem(ctx, f.named, item, f.set!, ctx.bulk ? path : [...path, i]));
  }
  return completeItem(ctx, f.named, raw, f.set!, path);
}

/** Bulk runs only need the nodes of nested connections (they become their own JSONL lines). */
function bulkConnection(ctx: ExecContext, f: FieldPlan, items: unknown[], path: Array<string | number>): unknown {
  ctx.actualCost += 2;
  const nodeType = f.named.replace(/Connection$/, '');
  const nodes: unknown[] = [];
  for (const sel of planFor(ctx, f.named, f.set!).fields) {
    if (sel.name === 'nodes') for (const item of items) nodes.push(completeItem(ctx, nodeType, item, sel.set!, path));
    if (sel.name === 'edges') {
      const node = planFor(ctx, sel.named, sel.set!).fields.find((e) => e.name === 'node');
      if (node) for (const item of items) nodes.push(completeItem(ctx, nodeType, item, node.set!, path));
    }
  }
  return { nodes };
}

function completeItem(ctx: ExecContext, declared: string, item: unknown, set: SelectionSetNode, path: Array<string | number>): unknown {
  const value = (typeof item === 'function' ? (item as () => unknown)() : item) as Obj | null;
  if (value === null || value === undefined) return null;
  const concrete = (value.__typename as string | undefined) ?? declared;
  return completeObject(ctx, concrete, value, set, path);
}
