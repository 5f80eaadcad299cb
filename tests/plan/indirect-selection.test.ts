// Which tests come along with selected nodes (dbt's --indirect-selection), and how exclusion treats them.
import { describe, expect, it } from 'vitest';
import { plan } from '../../runner/plan/index.js';
import { jaffle } from '../fixtures/plan/jaffle.js';
import { names, namesOf, namesWith } from './helpers.js';

const m = jaffle();
const tests = (selection: Parameters<typeof namesWith>[1]) => namesOf(m, plan(m, { command: 'test', selection }).nodes.map((n) => n.uniqueId));

describe('indirect selection of tests', () => {
  it('eager (default): a test comes along when any node it depends on is selected', () => {
    expect(names(m, 'customers')).toEqual([
      'customers',
      'relationships_customer_ltv_customer_id',
      'relationships_orders_customer_id',
      'unique_customers_customer_id',
    ]);
  });

  it('cautious: only when every node it depends on is selected', () => {
    expect(namesWith(m, { select: ['customers'], indirectSelection: 'cautious' })).toEqual(['customers', 'unique_customers_customer_id']);
    expect(namesWith(m, { select: ['customers orders'], indirectSelection: 'cautious' })).toEqual([
      'customers',
      'expression_is_true_orders_amount',
      'orders',
      'relationships_orders_customer_id',
      'unique_customers_customer_id',
    ]);
  });

  it('buildable: also when the other nodes are ancestors of the selection', () => {
    const select = ['customer_ltv'];
    expect(namesWith(m, { select, indirectSelection: 'cautious' })).toEqual(['assert_ltv_positive', 'customer_ltv']);
    expect(namesWith(m, { select, indirectSelection: 'buildable' })).toEqual([
      'assert_ltv_positive',
      'customer_ltv',
      'relationships_customer_ltv_customer_id',
    ]);
  });

  it('empty: no tests come along', () => {
    expect(namesWith(m, { select: ['customers'], indirectSelection: 'empty' })).toEqual(['customers']);
  });

  it('a test selected by its own name runs alone', () => {
    expect(tests({ select: ['unique_customers_customer_id'] })).toEqual(['unique_customers_customer_id']);
  });

  it('`test -s source:x` runs the tests declared on the source', () => {
    expect(tests({ select: ['source:raw.orders'] })).toEqual(['source_not_null_raw_orders_id']);
  });

  it('`test -s tag:x` runs tests of tagged models and tests tagged themselves', () => {
    expect(tests({ select: ['tag:nightly'] })).toEqual([
      'accepted_values_stg_orders_status',
      'assert_ltv_positive',
      'expression_is_true_orders_amount',
      'relationships_orders_customer_id',
      'unique_stg_orders_order_id',
    ]);
  });

  it('excluding a model excludes its tests too, including multi-parent ones', () => {
    const all = tests({});
    const withoutOrders = tests({ exclude: ['orders'] });
    expect(all.filter((t) => !withoutOrders.includes(t))).toEqual(['expression_is_true_orders_amount', 'relationships_orders_customer_id']);
  });

  it('a test excluded by name stays out even though its model is selected', () => {
    expect(tests({ select: ['stg_orders'], exclude: ['test_name:accepted_values'] })).toEqual(['unique_stg_orders_order_id']);
  });

  it('intersections apply to tests through the nodes they test', () => {
    expect(namesWith(m, { select: ['tag:nightly,config.materialized:incremental'] })).toEqual([
      'expression_is_true_orders_amount',
      'orders',
      'relationships_orders_customer_id',
    ]);
  });
});
