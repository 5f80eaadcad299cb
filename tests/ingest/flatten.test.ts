import { describe, expect, it } from 'vitest';
import { flattenNode, type Json } from '../../ingest/sync/flatten.js';

describe('flattenNode', () => {
  it('lands refund transactions once, keyed to the order, not again under the refund', () => {
    const refundTx = { __typename: 'OrderTransaction', id: 'gid://shopify/OrderTransaction/2', kind: 'REFUND' };
    const order: Json = {
      __typename: 'Order',
      id: 'gid://shopify/Order/1',
      transactions: [{ __typename: 'OrderTransaction', id: 'gid://shopify/OrderTransaction/1', kind: 'SALE' }, refundTx],
      refunds: [
        {
          __typename: 'Refund',
          id: 'gid://shopify/Refund/9',
          transactions: { nodes: [refundTx] },
          refundLineItems: { nodes: [{ __typename: 'RefundLineItem', lineItem: { id: 'gid://shopify/LineItem/5' }, quantity: 1 }] },
        },
      ],
    };
    const lines: Json[] = [];
    flattenNode(order, lines);
    const transactions = lines.filter((l) => l['__typename'] === 'OrderTransaction');
    expect(transactions.map((t) => [t['id'], t['__parentId']])).toEqual([
      ['gid://shopify/OrderTransaction/1', 'gid://shopify/Order/1'],
      ['gid://shopify/OrderTransaction/2', 'gid://shopify/Order/1'],
    ]);
    const refundLine = lines.find((l) => l['__typename'] === 'RefundLineItem');
    expect(refundLine?.['__parentId']).toBe('gid://shopify/Refund/9');
    const refund = lines.find((l) => l['__typename'] === 'Refund');
    expect(refund?.['__parentId']).toBe('gid://shopify/Order/1');
    expect(refund?.['refundLineItems']).toBeUndefined();
  });
});
