import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../ingest/simulator/index.js';
import { END_DATE, gql } from './helpers.js';

let sim: RunningSimulator;
beforeAll(async () => { sim = await startSimulator({ customers: 300, seed: 21, endDate: END_DATE, restoreRateScale: 100 }); });
afterAll(async () => { await sim.close(); });

const START = `mutation($q: String!, $g: Boolean) { bulkOperationRunQuery(query: $q, groupObjects: $g) { bulkOperation { id status } userErrors { field message code } } }`;
const POLL = `query($id: ID!) { bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl } }`;

async function runBulk(query: string, groupObjects = false) {
  const started = await gql(sim, START, { q: query, g: groupObjects });
  expect(started.body.data.bulkOperationRunQuery.userErrors).toEqual([]);
  const op = started.body.data.bulkOperationRunQuery.bulkOperation;
  expect(op.status).toBe('CREATED');
  expect(started.body.extensions.cost.requestedQueryCost).toBe(10);
  for (let i = 0; i < 200; i++) {
    const polled = await gql(sim, POLL, { id: op.id });
    const b = polled.body.data.bulkOperation;
    if (b.status === 'COMPLETED' || b.status === 'FAILED') return b;
    expect(['CREATED', 'RUNNING']).toContain(b.status);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('bulk operation did not finish');
}

describe('bulk operations', () => {
  it('runs asynchronously and serves JSONL with __parentId children after their parents', async () => {
    const done = await runBulk(`{ orders(query: "updated_at:>='2020-01-01'", sortKey: UPDATED_AT) { edges { node { __typename id updatedAt
      lineItems { edges { node { __typename id quantity } } } transactions { id kind } } } } }`);
    expect(done.status).toBe('COMPLETED');
    const res = await fetch(done.url);
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(String(lines.length)).toBe(done.objectCount);
    const roots = lines.filter((l) => l.__typename === 'Order');
    expect(String(roots.length)).toBe(done.rootObjectCount);
    expect(roots.map((r) => r.id).sort()).toEqual(sim.store.liveOrderIds().sort());
    expect(roots.every((r) => Array.isArray(r.transactions) && r.lineItems === undefined)).toBe(true);
    const seen = new Set<string>();
    let notAdjacent = 0;
    for (const [i, l] of lines.entries()) {
      if (l.__parentId) {
        expect(seen.has(l.__parentId)).toBe(true);
        expect(l.__typename).toBe('LineItem');
        if (lines[i - 1].id !== l.__parentId && lines[i - 1].__parentId !== l.__parentId) notAdjacent++;
      }
      seen.add(l.id);
    }
    expect(notAdjacent).toBeGreaterThan(0);
    const children = lines.filter((l) => l.__parentId).length;
    const expected = sim.store.liveOrderIds().reduce((s, id) => s + (sim.store.orderNode(Number(id.split('/').pop()) - 6_100_000_000_000).lineItems as unknown[]).length, 0);
    expect(children).toBe(expected);
  });

  it('groupObjects puts children right after their parent; currentBulkOperation returns the latest', async () => {
    const done = await runBulk('{ products { edges { node { id title variants { edges { node { id sku } } } } } } }', true);
    const lines = (await (await fetch(done.url)).text()).trim().split('\n').map((l) => JSON.parse(l));
    let parent = '';
    for (const l of lines) {
      if (!l.__parentId) parent = l.id;
      else expect(l.__parentId).toBe(parent);
    }
    const current = await gql(sim, '{ currentBulkOperation { id status } }');
    expect(current.body.data.currentBulkOperation).toEqual({ id: expect.stringContaining('gid://shopify/BulkOperation/'), status: 'COMPLETED' });
  });

  it('rejects invalid bulk queries with userErrors', async () => {
    const inList = await gql(sim, START, { q: '{ orders { edges { node { id refunds { id refundLineItems { edges { node { quantity } } } } } } } }' });
    expect(inList.body.data.bulkOperationRunQuery.bulkOperation).toBeNull();
    expect(inList.body.data.bulkOperationRunQuery.userErrors[0].message).toMatch(/connection field within a list field/);
    const noConnection = await gql(sim, START, { q: '{ shop { name } }' });
    expect(noConnection.body.data.bulkOperationRunQuery.userErrors[0].message).toMatch(/connection field at the top level/);
    const bad = await gql(sim, START, { q: '{ orders { edges { node { nope } } } }' });
    expect(bad.body.data.bulkOperationRunQuery.userErrors[0]).toMatchObject({ field: ['query'], code: 'INVALID' });
  });

  it('a failed operation (fault injection) reports INTERNAL_SERVER_ERROR with partial data', async () => {
    sim.setFaults({ bulkFailureRate: 1 });
    try {
      const done = await runBulk('{ customers { edges { node { id } } } }');
      expect(done.status).toBe('FAILED');
      expect(done.errorCode).toBe('INTERNAL_SERVER_ERROR');
      expect(done.url).toBeNull();
      expect(done.partialDataUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/bulk\//);
    } finally {
      sim.setFaults({});
    }
  });
});
