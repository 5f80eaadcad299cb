import { createAdminApiClient } from '@shopify/admin-api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../ingest/simulator/index.js';
import { END_DATE } from './helpers.js';

let sim: RunningSimulator;
beforeAll(async () => { sim = await startSimulator({ customers: 200, seed: 13, endDate: END_DATE, restoreRateScale: 10 }); });
afterAll(async () => { await sim.close(); });

// The client always builds https:// URLs; the loopback simulator speaks http.
const httpFetch = (url: string | URL | Request, init?: RequestInit) => fetch(String(url).replace(/^https:/, 'http:'), init);

describe('official @shopify/admin-api-client against the simulator', () => {
  it('pages orders with variables and sees extensions.cost', async () => {
    const client = createAdminApiClient({ storeDomain: sim.shop, apiVersion: sim.apiVersion, accessToken: sim.accessToken, customFetchApi: httpFetch });
    const query = `query Orders($after: String) { orders(first: 50, after: $after, sortKey: UPDATED_AT) { pageInfo { hasNextPage endCursor } edges { node { id updatedAt totalPriceSet { shopMoney { amount currencyCode } } } } } }`;
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await client.request(query, { variables: { after } });
      expect(res.errors).toBeUndefined();
      expect(res.extensions.cost.throttleStatus.maximumAvailable).toBe(20000);
      ids.push(...res.data.orders.edges.map((e: any) => e.node.id));
      if (!res.data.orders.pageInfo.hasNextPage) break;
      after = res.data.orders.pageInfo.endCursor;
    }
    expect(ids.sort()).toEqual(sim.store.liveOrderIds().sort());
  });

  it('surfaces a bad token as networkStatusCode 401 and GraphQL errors as graphQLErrors', async () => {
    const bad = createAdminApiClient({ storeDomain: sim.shop, apiVersion: sim.apiVersion, accessToken: 'shpat_nope', customFetchApi: httpFetch });
    const denied: any = await bad.request('{ shop { name } }');
    expect(denied.errors.networkStatusCode).toBe(401);
    const good = createAdminApiClient({ storeDomain: sim.shop, apiVersion: sim.apiVersion, accessToken: sim.accessToken, customFetchApi: httpFetch });
    const wrong: any = await good.request('{ shop { nam } }');
    expect(wrong.errors.graphQLErrors[0].extensions.code).toBe('undefinedField');
  });
});
