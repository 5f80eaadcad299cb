// Access scopes decide what a sync can see. The dangerous one is read_all_orders: without it Shopify quietly
// returns only the last 60 days of orders, and every lifetime value computed from that is wrong.
import { IngestCallerError } from '../client/errors.js';
import type { ShopifyClient } from '../client/shopify.js';
import { SCOPES_QUERY, type StreamName } from '../queries.js';

const NEEDED: Record<StreamName, string> = { customers: 'read_customers', orders: 'read_orders', products: 'read_products' };

export interface ScopeCheck {
  scopes: string[];
  /** False when orders older than 60 days are invisible (no read_all_orders). */
  fullOrderHistory: boolean;
  serverTime?: number;
}

const has = (scopes: Set<string>, scope: string) => scopes.has(scope) || scopes.has(scope.replace(/^read_/, 'write_'));

export async function checkScopes(
  client: ShopifyClient,
  streams: readonly StreamName[],
  options: { allowPartialHistory: boolean; warn: (message: string) => void },
): Promise<ScopeCheck> {
  const res = await client.query<{ currentAppInstallation: { accessScopes: { handle: string }[] } }>(SCOPES_QUERY, {}, 2);
  const scopes = res.data.currentAppInstallation.accessScopes.map((s) => s.handle);
  const set = new Set(scopes);
  const missing = streams.map((s) => NEEDED[s]).filter((scope) => !has(set, scope));
  if (missing.length > 0) {
    throw new IngestCallerError(`the app token lacks the access scope(s) ${missing.join(', ')}`, {
      hint: `Grant ${missing.join(', ')} to the custom app (Settings > Apps > Develop apps > Configuration) and reinstall it.`,
    });
  }
  const fullOrderHistory = !streams.includes('orders') || has(set, 'read_all_orders');
  if (!fullOrderHistory) {
    const message =
      'the app token lacks read_all_orders: Shopify returns only the last 60 days of orders, so lifetime value, cohorts and churn would be wrong';
    const hint = 'Grant read_all_orders (request it in the app\'s API access settings), or pass --allow-partial-history to ingest the last 60 days anyway.';
    if (!options.allowPartialHistory) throw new IngestCallerError(message, { hint });
    options.warn(`WARNING: ${message}. Continuing because --allow-partial-history was given; deleted-order reconciliation is off.`);
  }
  return { scopes, fullOrderHistory, serverTime: res.serverTime };
}
