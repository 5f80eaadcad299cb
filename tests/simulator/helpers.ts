import type { RunningSimulator } from '../../ingest/simulator/index.js';

export const END_DATE = '2026-11-01T00:00:00Z';

export interface GqlResponse { status: number; body: any; headers: Headers }

export async function gql(sim: RunningSimulator, query: string, variables?: Record<string, unknown>, token = sim.accessToken): Promise<GqlResponse> {
  const res = await fetch(`${sim.url}/admin/api/${sim.apiVersion}/graphql.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Shopify-Access-Token': token },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: unknown = text;
  try { body = JSON.parse(text); } catch { /* keep the text: truncated-JSON faults */ }
  return { status: res.status, body, headers: res.headers };
}

/** Pages through a root connection by (updatedAt, id) and returns every node. */
export async function pageAll(sim: RunningSimulator, root: 'orders' | 'customers' | 'products', fields: string, query?: string, first = 250): Promise<any[]> {
  const out: any[] = [];
  let after: string | null = null;
  for (;;) {
    const r: GqlResponse = await gql(sim, `query($after: String, $q: String) { ${root}(first: ${first}, after: $after, sortKey: UPDATED_AT, query: $q) { pageInfo { hasNextPage endCursor } nodes { ${fields} } } }`, { after, q: query ?? null });
    if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
    const conn = r.body.data[root];
    out.push(...conn.nodes);
    if (!conn.pageInfo.hasNextPage) return out;
    after = conn.pageInfo.endCursor;
  }
}
