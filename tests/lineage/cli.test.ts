// `clv lineage` and `clv compile --lineage` end to end, and the OpenLineage file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clv, readJson } from '../framework/helpers.js';
import { copyLineageFixture } from './helpers.js';

describe('clv lineage', () => {
  it('prints upstream and downstream column paths', async () => {
    const dir = copyLineageFixture();
    const { code, out } = await clv(dir, ['lineage', 'stg_orders.amount']);
    expect(code).toBe(0);
    const [upstream, downstream] = out.split('Downstream:');
    expect(upstream).toContain('model.shop.stg_orders.amount\n  - seed.shop.raw_orders.amount');
    for (const path of ['model.shop.customer_orders.revenue', 'model.shop.customer_summary.revenue', 'model.shop.customer_orders.revenue_rank', 'model.shop.order_facts.amount_with_tax']) {
      expect(downstream).toContain(path);
    }
    expect(downstream).toContain('- model.shop.customer_orders.revenue\n    - model.shop.customer_summary.revenue');
    expect(downstream).not.toContain('latest_orders');
  });

  it('teaches on an unknown model or column', async () => {
    const dir = copyLineageFixture();
    const model = await clv(dir, ['lineage', 'stg_order.amount']);
    expect(model.code).toBe(2);
    expect(model.out).toContain("Did you mean 'stg_orders'?");
    const column = await clv(dir, ['lineage', 'stg_orders.amout']);
    expect(column.code).toBe(2);
    expect(column.out).toContain("Did you mean 'amount'?");
  });

  it('compile --lineage stores lineage; plain compile does not; --openlineage-file writes RunEvents', async () => {
    const dir = copyLineageFixture();
    expect((await clv(dir, ['compile'])).code).toBe(0);
    expect(readJson(dir, 'target/manifest.json').nodes['model.shop.stg_orders'].column_lineage).toBeUndefined();
    expect((await clv(dir, ['compile', '--lineage'])).code).toBe(0);
    expect(readJson(dir, 'target/manifest.json').nodes['model.shop.stg_orders'].column_lineage.status).toEqual(['seed.shop.raw_orders.status']);

    const file = join(dir, 'openlineage.ndjson');
    expect((await clv(dir, ['lineage', '--openlineage-file', file])).code).toBe(0);
    expect(existsSync(file)).toBe(true);
    const events = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const event = events.find((e) => e.job.name === 'model.shop.stg_customers');
    expect(event.eventType).toBe('COMPLETE');
    const facet = event.outputs[0].facets.columnLineage;
    // Named as `clv build`'s events name them (OpenLineage naming: datasource namespace, relation name).
    expect(event.job.namespace).toBe('shop');
    expect(event.outputs[0]).toMatchObject({ namespace: `duckdb://${join(dir, 'lineage.duckdb')}`, name: 'lineage.main.stg_customers' });
    expect(facet.fields.customer_id.inputFields).toEqual([{ namespace: `duckdb://${join(dir, 'lineage.duckdb')}`, name: 'lineage.main.raw_customers', field: 'id' }]);
    expect(events.some((e) => e.job.name === 'model.shop.order_facts')).toBe(false); // ephemeral: no job of its own
  });
});
