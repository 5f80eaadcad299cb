// Golden column lineage of tests/fixtures/lineage/shop: each model exercises one tricky SQL shape.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnLineage, type ProjectLineage } from '../../runner/lineage/index.js';
import { copyLineageFixture } from './helpers.js';

let dir: string;
let lineage: ProjectLineage;
const of = (name: string) => lineage[`model.shop.${name}`]!;

beforeAll(async () => {
  dir = copyLineageFixture();
  ({ lineage } = await columnLineage({ projectDir: dir }));
}, 60_000);

describe('column lineage (golden)', () => {
  it('select * over a seed resolves against the CSV header', () => {
    expect(of('stg_orders').columns).toEqual(['order_id', 'customer_id', 'ordered_at', 'amount', 'status']);
    expect(of('stg_orders').upstream.amount).toEqual(['seed.shop.raw_orders.amount']);
  });

  it('renames and expressions over several columns', () => {
    expect(of('stg_customers').upstream).toEqual({
      customer_id: ['seed.shop.raw_customers.id'],
      full_name: ['seed.shop.raw_customers.first_name', 'seed.shop.raw_customers.last_name'],
      signup_channel: ['seed.shop.raw_customers.signup_channel'],
    });
  });

  it('CTE chains, aliased joins, an inlined ephemeral model, aggregates and window functions', () => {
    expect(of('customer_orders').upstream).toEqual({
      customer_id: ['model.shop.stg_customers.customer_id'],
      full_name: ['model.shop.stg_customers.full_name'],
      order_count: [],
      revenue: ['model.shop.stg_orders.amount'],
      revenue_rank: ['model.shop.stg_orders.amount'],
      model_version: [],
    });
    expect(of('customer_orders').unresolved).toEqual({});
  });

  it('select * over a model expands to the columns its own lineage found', () => {
    expect(of('customer_summary').columns).toEqual(['customer_id', 'full_name', 'order_count', 'revenue', 'revenue_rank', 'model_version']);
    expect(of('customer_summary').upstream.revenue).toEqual(['model.shop.customer_orders.revenue']);
  });

  it("dbt's house style: select * from a final CTE", () => {
    expect(of('customer_channels').upstream).toEqual({
      customer_id: ['model.shop.stg_customers.customer_id'],
      channel: ['model.shop.stg_customers.signup_channel'],
      weight: [],
    });
  });

  it('window functions with qualify: the ranking column comes from its partition and order columns', () => {
    expect(of('latest_orders').upstream).toEqual({
      order_id: ['model.shop.stg_orders.order_id'],
      customer_id: ['model.shop.stg_orders.customer_id'],
      ordered_at: ['model.shop.stg_orders.ordered_at'],
      recency: ['model.shop.stg_orders.customer_id', 'model.shop.stg_orders.ordered_at'],
    });
  });

  it('union all: each column from every branch, positionally; a literal branch adds nothing', () => {
    expect(of('activity').upstream).toEqual({
      customer_id: ['model.shop.stg_orders.customer_id', 'source.shop.app.events.customer_id'],
      happened_at: ['model.shop.stg_orders.ordered_at', 'source.shop.app.events.occurred_at'],
      kind: ['source.shop.app.events.kind'],
    });
  });

  it('reports what it cannot prove instead of guessing', () => {
    expect(of('wide_orders').unresolved['*']).toContain("'* exclude' is not traced");
    expect(of('wide_orders').upstream).toEqual({});
    expect(of('typo_orders').upstream).toEqual({ order_id: ['model.shop.stg_orders.order_id'] });
    expect(of('typo_orders').unresolved).toEqual({ not_a_column: "'not_a_column' is not a known column of model.shop.stg_orders" });
  });

  it('stores column_lineage in target/manifest.json in the docs site format', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
    expect(manifest.nodes['model.shop.stg_customers'].column_lineage.customer_id).toEqual(['seed.shop.raw_customers.id']);
    expect(manifest.nodes['model.shop.typo_orders'].column_lineage_unresolved.not_a_column).toBeDefined();
    expect(manifest.nodes['seed.shop.raw_orders'].column_lineage).toBeUndefined();
  });
});
