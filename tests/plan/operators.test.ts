import { describe, expect, it } from 'vitest';
import { jaffle } from '../fixtures/plan/jaffle.js';
import { names, namesWith, usageText } from './helpers.js';

const m = jaffle();
/** Relations only: graph operators walk through tests too (they are graph children, as in dbt). */
const direct = (...select: string[]) => namesWith(m, { select, indirectSelection: 'empty', resourceTypes: ['model', 'seed', 'source'] });
const UPSTREAM_OF_CUSTOMERS = [
  'country_codes',
  'customers', // the raw.customers source
  'customers', // the model
  'int_order_payments',
  'orders', // the raw.orders source
  'payments',
  'stg_customers',
  'stg_orders',
  'stg_payments',
].sort();

describe('graph operators', () => {
  it('+m selects all ancestors, sources and seeds included', () => {
    expect(direct('+customers')).toEqual(UPSTREAM_OF_CUSTOMERS);
  });

  it('m+ selects all descendants', () => {
    expect(direct('customers+')).toEqual(['customer_ltv', 'customers']);
    expect(direct('stg_orders+')).toEqual(['customer_ltv', 'customers', 'int_order_payments', 'orders', 'stg_orders']);
  });

  it('m+ reaches tests too, since tests are children in the graph (as in dbt)', () => {
    expect(namesWith(m, { select: ['customer_ltv+'], indirectSelection: 'empty' })).toEqual([
      'assert_ltv_positive',
      'customer_ltv',
      'relationships_customer_ltv_customer_id',
    ]);
  });

  it('N+m and m+N limit the depth', () => {
    expect(direct('1+customers')).toEqual(['country_codes', 'customers', 'int_order_payments', 'stg_customers']);
    expect(direct('2+customers')).toEqual(['country_codes', 'customers', 'customers', 'int_order_payments', 'stg_customers', 'stg_orders', 'stg_payments']);
    expect(direct('stg_orders+1')).toEqual(['int_order_payments', 'orders', 'stg_orders']);
    expect(direct('1+stg_orders+1')).toEqual(['int_order_payments', 'orders', 'orders', 'stg_orders']);
    expect(direct('0+customers+0')).toEqual(['customers']);
  });

  it('@m selects descendants and every ancestor of them (what building them needs)', () => {
    const at = direct('@stg_customers');
    expect(at).toContain('orders'); // not downstream of stg_customers, but customer_ltv needs it
    expect(at).toContain('stg_payments');
    expect(direct('stg_customers+')).not.toContain('orders');
  });

  it('works with methods: source:x+ and +tag:y', () => {
    expect(direct('source:raw.orders+')).toEqual(['customer_ltv', 'customers', 'int_order_payments', 'orders', 'orders', 'stg_orders']);
    expect(direct('+tag:marts')).toEqual([...UPSTREAM_OF_CUSTOMERS, 'orders'].sort());
  });

  it('rejects @ together with a leading +', () => {
    expect(usageText(() => direct('@+customers'))).toMatch(/cannot both be used/);
  });
});

describe('set operators', () => {
  it('unions space-separated specs and multiple --select values alike', () => {
    expect(direct('stg_orders stg_payments')).toEqual(['stg_orders', 'stg_payments']);
    expect(direct('stg_orders', 'stg_payments')).toEqual(['stg_orders', 'stg_payments']);
    expect(direct('stg_orders  customers+')).toEqual(['customer_ltv', 'customers', 'stg_orders']);
  });

  it('intersects comma-separated specs', () => {
    expect(direct('tag:nightly,config.materialized:incremental')).toEqual(['orders']);
    expect(direct('tag:staging,tag:nightly')).toEqual(['stg_orders']);
    expect(direct('stg_orders+,tag:marts')).toEqual(['customers', 'orders']);
    expect(direct('tag:staging,tag:marts')).toEqual([]);
  });

  it('excludes with the same syntax', () => {
    const relations = ['model', 'seed', 'source'] as const;
    const excluding = (select: string, exclude: string) => namesWith(m, { select: [select], exclude: [exclude], indirectSelection: 'empty', resourceTypes: [...relations] });
    expect(excluding('staging', 'stg_orders')).toEqual(['stg_customers', 'stg_payments']);
    expect(excluding('stg_orders+', 'customers+ orders')).toEqual(['int_order_payments', 'stg_orders']);
    // only the raw.orders source goes; the orders model stays
    expect(excluding('+customer_ltv', 'resource_type:source,tag:pii').filter((n) => n === 'orders')).toHaveLength(1);
    expect(excluding('+customer_ltv', 'resource_type:source')).not.toContain('payments');
  });

  it('excluding everything leaves nothing, without an error', () => {
    expect(namesWith(m, { select: ['customers'], exclude: ['*'] })).toEqual([]);
  });

  it('with no --select selects everything (sources too); --exclude alone subtracts from that', () => {
    const all = Object.keys(m.nodes).length + Object.keys(m.sources).length;
    expect(namesWith(m, {})).toHaveLength(all);
    expect(namesWith(m, { exclude: ['resource_type:test resource_type:source'] })).toEqual(
      ['country_codes', 'customer_ltv', 'customers', 'int_order_payments', 'orders', 'stg_customers', 'stg_orders', 'stg_payments'],
    );
  });

  it('filters by resource type after selecting (--resource-type)', () => {
    expect(namesWith(m, { select: ['+customers'], resourceTypes: ['seed', 'source'] })).toEqual(['country_codes', 'customers', 'orders', 'payments']);
  });

  it('pulls in the tests of selected nodes by default (eager)', () => {
    expect(names(m, 'customers')).toEqual(['customers', 'relationships_customer_ltv_customer_id', 'relationships_orders_customer_id', 'unique_customers_customer_id']);
  });
});
