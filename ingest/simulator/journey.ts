// customerJourneySummary: first/last visit with UTM parameters, landing page and referrer, for web orders.
import { DAY_MS, isoSeconds } from './clock.js';
import { ID_BASE, gid } from './ids.js';
import { mulberry32, subSeed } from './random.js';
import type { StoreView } from './store-view.js';

interface Channel { source: string; sourceType: string | null; medium: string | null; campaign: string | null; referrer: string | null }
const CHANNELS: ReadonlyArray<[number, Channel]> = [
  [0.22, { source: 'google', sourceType: 'SEARCH', medium: 'cpc', campaign: 'brand_search', referrer: 'https://www.google.com/' }],
  [0.2, { source: 'google', sourceType: 'SEARCH', medium: null, campaign: null, referrer: 'https://www.google.com/' }],
  [0.14, { source: 'facebook', sourceType: 'SOCIAL', medium: 'paid_social', campaign: 'prospecting', referrer: 'https://l.facebook.com/' }],
  [0.08, { source: 'instagram', sourceType: 'SOCIAL', medium: 'social', campaign: 'stories', referrer: 'https://l.instagram.com/' }],
  [0.16, { source: 'email', sourceType: 'EMAIL', medium: 'email', campaign: 'newsletter', referrer: null }],
  [0.2, { source: 'direct', sourceType: null, medium: null, campaign: null, referrer: null }],
];

function pickChannel(u: number): Channel {
  let acc = 0;
  for (const [w, c] of CHANNELS) if (u < (acc += w)) return c;
  return CHANNELS[CHANNELS.length - 1]![1];
}

function visit(store: StoreView, id: number, c: Channel, at: number, landingHandle: string) {
  const utm = c.medium ? { __typename: 'UTMParameters', source: c.source === 'email' ? 'klaviyo' : c.source, medium: c.medium, campaign: `${c.campaign}_${new Date(at).getUTCFullYear()}`, content: null, term: null } : null;
  const query = utm ? `?utm_source=${utm.source}&utm_medium=${utm.medium}&utm_campaign=${utm.campaign}` : '';
  return {
    __typename: 'CustomerVisit', id: gid('CustomerVisit', id), occurredAt: isoSeconds(at),
    landingPage: `https://${store.shopDomain}/products/${landingHandle}${query}`, referrerUrl: c.referrer,
    referralCode: null, source: c.source, sourceDescription: null, sourceType: c.sourceType, utmParameters: utm, marketingEvent: null,
  };
}

export function journeySummary(store: StoreView, idx: number, customerIdx: number, created: number) {
  const rng = mulberry32(subSeed(store.seed, idx, 4));
  if (rng() < 0.12) return { __typename: 'CustomerJourneySummary', ready: true, customerOrderIndex: orderIndex(store, idx, customerIdx), daysToConversion: null, firstVisit: null, lastVisit: null };
  const last = pickChannel(rng());
  const first = rng() < 0.6 ? last : pickChannel(rng());
  const days = rng() < 0.5 ? 0 : Math.floor(rng() * 30);
  const firstAt = Math.floor((created - days * DAY_MS - rng() * 3_600_000) / 1000) * 1000;
  const lastAt = Math.floor((created - rng() * 1_800_000) / 1000) * 1000;
  const products = store.catalog.products;
  const handle = products[Math.floor(rng() * products.length)]!.handle;
  return {
    __typename: 'CustomerJourneySummary', ready: true, customerOrderIndex: orderIndex(store, idx, customerIdx), daysToConversion: days,
    firstVisit: visit(store, ID_BASE.CustomerVisit + idx * 2, first, Math.min(firstAt, lastAt), handle),
    lastVisit: visit(store, ID_BASE.CustomerVisit + idx * 2 + 1, last, lastAt, handle),
  };
}

/** 1-based position of the order in its customer's history; guests count as their own first order. */
function orderIndex(store: StoreView, idx: number, customerIdx: number): number {
  if (customerIdx < 0) return 1;
  const list = store.ordersOfCustomer(customerIdx);
  return Math.max(1, list.indexOf(idx) + 1);
}
