// Turns a GraphQL node with nested connections into bulk-shaped node lines: the parent without its
// connections, then one line per child carrying `__parentId`. Paginated pages and bulk files then land
// through the same routing.

export type Json = Record<string, unknown>;

/** Children of a connection-like value: `{nodes}`, `{edges: [{node}]}` or a list of typed objects. */
export function childrenOf(value: unknown): Json[] | undefined {
  if (Array.isArray(value)) {
    return value.length > 0 && value.every((v) => v && typeof v === 'object' && '__typename' in v) ? (value as Json[]) : undefined;
  }
  if (value && typeof value === 'object') {
    const v = value as Json;
    if (Array.isArray(v['nodes'])) return v['nodes'] as Json[];
    if (Array.isArray(v['edges'])) return (v['edges'] as { node: Json }[]).map((e) => e.node);
  }
  return undefined;
}

/** Fields holding child nodes that land in their own tables (raw contract). */
export const CHILD_FIELDS = new Set(['lineItems', 'transactions', 'refunds', 'refundLineItems', 'discountApplications', 'variants']);

/**
 * Which of those fields are children of which parent type. `Refund.transactions` repeats REFUND
 * transactions that `Order.transactions` already holds: exploding it would land them a second time keyed
 * to the refund instead of the order, so it stays inside the refund's own `data`.
 */
const CHILD_FIELDS_BY_TYPE: Record<string, ReadonlySet<string>> = {
  Order: new Set(['lineItems', 'transactions', 'refunds', 'discountApplications']),
  Refund: new Set(['refundLineItems']),
  Product: new Set(['variants']),
};

function childFieldsOf(node: Json): ReadonlySet<string> {
  const typename = node['__typename'];
  return (typeof typename === 'string' && CHILD_FIELDS_BY_TYPE[typename]) || CHILD_FIELDS;
}

/** Append the node and its descendants as lines (parents before children). */
export function flattenNode(node: Json, lines: Json[], parentId?: string): void {
  const own: Json = {};
  const nested: [string, Json[]][] = [];
  const childFields = childFieldsOf(node);
  for (const [key, value] of Object.entries(node)) {
    if (childFields.has(key)) nested.push([key, childrenOf(value) ?? []]);
    else own[key] = value;
  }
  if (parentId !== undefined) own['__parentId'] = parentId;
  lines.push(own);
  const id = node['id'];
  if (typeof id !== 'string' && nested.some(([, children]) => children.length > 0)) {
    throw new Error(`a ${String(node['__typename'])} without an id has nested children`);
  }
  for (const [, children] of nested) for (const child of children) flattenNode(child, lines, id as string);
}

export function toJsonl(lines: Json[]): string {
  let out = '';
  for (const line of lines) out += JSON.stringify(line) + '\n';
  return out;
}
