// What a delivery means for the warehouse: a topic + parsed body → one action. Pure.
import type { RawTableName } from '../warehouse/tables.js';
import type { Json } from './json.js';
import { orderNode, refundNode, transactionNode } from './map-order.js';
import { customerNode, productNode } from './map-resources.js';
import { gidOf, idText } from './rest-common.js';

export interface Root {
  node: Json;
  /** Refunds from refunds/create hang under their order. */
  parentId?: string;
}

export type Action =
  | { kind: 'upsert'; resource: string; roots: Root[]; complete: string[] }
  | { kind: 'delete'; table: RawTableName; id: string }
  | { kind: 'redact'; customerId?: string; orderIds: string[] }
  | { kind: 'shop-redact' }
  | { kind: 'data-request'; customerId?: string; orderIds: string[]; requestId: string }
  | { kind: 'ignore'; reason: string };

export const DATA_TOPICS = [
  'orders/create', 'orders/updated', 'orders/paid', 'orders/cancelled', 'orders/delete', 'refunds/create',
  'customers/create', 'customers/update', 'customers/delete', 'products/create', 'products/update', 'products/delete',
] as const;
export const COMPLIANCE_TOPICS = ['customers/redact', 'shop/redact', 'customers/data_request'] as const;

const DELETES: Record<string, [RawTableName, string]> = {
  'orders/delete': ['orders', 'Order'],
  'customers/delete': ['customers', 'Customer'],
  'products/delete': ['products', 'Product'],
};

const ids = (v: unknown, type: string): string[] =>
  Array.isArray(v) ? v.map((x) => (typeof x === 'object' && x ? gidOf(x as Json, type) : gidOf({ id: x }, type))).filter((x): x is string => !!x) : [];

export function actionFor(topic: string, body: Json): Action {
  const missing = (what: string): Action => ({ kind: 'ignore', reason: `${topic} body has no ${what}` });
  if (topic.startsWith('orders/') && topic !== 'orders/delete') {
    const { node, complete } = orderNode(body);
    return node['id'] ? { kind: 'upsert', resource: node['id'] as string, roots: [{ node }], complete } : missing('id');
  }
  if (topic === 'refunds/create') {
    const order = gidOf({ id: body['order_id'] }, 'Order');
    const refund = refundNode(body);
    if (!order || !refund['id']) return missing('id or order_id');
    const txs = Array.isArray(body['transactions']) ? (body['transactions'] as Json[]).map(transactionNode) : [];
    return { kind: 'upsert', resource: order, roots: [{ node: refund, parentId: order }, ...txs.map((node) => ({ node, parentId: order }))], complete: [] };
  }
  if (topic === 'customers/create' || topic === 'customers/update') {
    const node = customerNode(body);
    return node['id'] ? { kind: 'upsert', resource: node['id'] as string, roots: [{ node }], complete: [] } : missing('id');
  }
  if (topic === 'products/create' || topic === 'products/update') {
    const { node, complete } = productNode(body);
    return node['id'] ? { kind: 'upsert', resource: node['id'] as string, roots: [{ node }], complete } : missing('id');
  }
  const del = DELETES[topic];
  if (del) {
    const id = gidOf(body, del[1]);
    return id ? { kind: 'delete', table: del[0], id } : missing('id');
  }
  if (topic === 'customers/redact') {
    return { kind: 'redact', customerId: gidOf(body['customer'] as Json, 'Customer'), orderIds: ids(body['orders_to_redact'], 'Order') };
  }
  if (topic === 'customers/data_request') {
    const request = body['data_request'] as Json | undefined;
    return {
      kind: 'data-request',
      customerId: gidOf(body['customer'] as Json, 'Customer'),
      orderIds: ids(body['orders_requested'], 'Order'),
      requestId: idText(request?.['id']) ?? 'unknown',
    };
  }
  if (topic === 'shop/redact') return { kind: 'shop-redact' };
  return { kind: 'ignore', reason: `topic ${topic} is not used` };
}
