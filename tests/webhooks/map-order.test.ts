// REST webhook payloads → the GraphQL node shape `clv ingest` lands: the fields staging reads for discounts
// and refunds come through (a discount is named by its code, or by the title of an automatic/manual/script
// discount; a refund keeps its note).
import { describe, expect, it } from 'vitest';
import { orderNode, refundNode } from '../../ingest/webhooks/map-order.js';

describe('REST → GraphQL node', () => {
  it('names every kind of discount application', () => {
    const { node } = orderNode({
      id: 5001,
      admin_graphql_api_id: 'gid://shopify/Order/5001',
      currency: 'EUR',
      discount_applications: [
        { type: 'discount_code', code: 'WELCOME10', value: '10.0', value_type: 'percentage', allocation_method: 'across', target_selection: 'all', target_type: 'line_item' },
        { type: 'automatic', title: 'Summer sale', value: '5.00', value_type: 'fixed_amount', allocation_method: 'across', target_selection: 'all', target_type: 'line_item' },
        { type: 'manual', title: 'Staff courtesy', value: '2.50', value_type: 'fixed_amount', allocation_method: 'one', target_selection: 'explicit', target_type: 'line_item' },
        { type: 'script', title: null, value: '1.00', value_type: 'fixed_amount', allocation_method: 'across', target_selection: 'all', target_type: 'shipping_line' },
      ],
    });
    const applications = (node['discountApplications'] as { nodes: Record<string, unknown>[] }).nodes;
    expect(applications.map((a) => [a['__typename'], a['code'] ?? a['title'] ?? null])).toEqual([
      ['DiscountCodeApplication', 'WELCOME10'],
      ['AutomaticDiscountApplication', 'Summer sale'],
      ['ManualDiscountApplication', 'Staff courtesy'],
      ['ScriptDiscountApplication', null],
    ]);
    expect(applications[1]).toHaveProperty('title', 'Summer sale');
    expect(applications[0]).not.toHaveProperty('title');
  });

  it('keeps a refund note, and null where the payload has none', () => {
    const base = { id: 9, admin_graphql_api_id: 'gid://shopify/Refund/9', created_at: '2024-05-01T10:00:00Z', transactions: [] };
    expect(refundNode({ ...base, note: 'damaged in transit' }, 'EUR')['note']).toBe('damaged in transit');
    expect(refundNode(base, 'EUR')['note']).toBeNull();
  });
});
