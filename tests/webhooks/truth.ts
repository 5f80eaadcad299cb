// Drives simulator activity one change per simulated second (so no two versions of a record share an
// updated_at) and reads the expected raw rows back from the store.
import { createStore } from '../../ingest/simulator/index.js';
import type { SimulatedStore } from '../../ingest/simulator/store.js';

export function quietStore(customers = 200, seed = 11): SimulatedStore {
  return createStore({ customers, seed, realtimeClock: false });
}

const PLANS = [{ newOrders: 1 }, { updates: 1 }, { newOrders: 1 }, { refunds: 1 }, { customerUpdates: 1 }, { cancellations: 1 }, { newOrders: 1 }, { deletes: 1 }];

/** Runs activity until at least `events` store events were logged after the call started. */
export function churn(store: SimulatedStore, events: number): void {
  const start = store.events.length;
  for (let k = 0; store.events.length - start < events; k++) {
    store.advance(1000);
    store.simulateActivity(PLANS[k % PLANS.length]!);
  }
}

export interface ExpectedOrder { id: string; updatedAt: string; deleted: boolean; status: string; refunded: string; tags: string; lines: number }

export function expectedOrders(store: SimulatedStore, ids: Iterable<string>): ExpectedOrder[] {
  return [...ids].sort().map((id) => {
    const idx = Number(id.split('/').pop()) - 6_100_000_000_000;
    const n = store.orderNode(idx) as Record<string, any>;
    return {
      id, updatedAt: n['updatedAt'], deleted: store.isOrderDeleted(idx), status: n['displayFinancialStatus'],
      refunded: Number(n['totalRefundedSet'].shopMoney.amount).toFixed(2), tags: JSON.stringify(n['tags']), lines: n['lineItems'].length,
    };
  });
}

export const ORDER_ROWS_SQL = `SELECT o.id, strftime(o.updated_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS "updatedAt", o.is_deleted AS deleted,
  o.data->>'$.displayFinancialStatus' AS status, printf('%.2f', CAST(o.data->>'$.totalRefundedSet.shopMoney.amount' AS DECIMAL(18,2))) AS refunded,
  CAST(o.data->'$.tags' AS VARCHAR) AS tags, (SELECT count(*)::INTEGER FROM raw_shopify.order_lines l WHERE l.order_id = o.id) AS lines
  FROM raw_shopify.orders o ORDER BY o.id`;
