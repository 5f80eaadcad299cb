// Materialises a Customer node. PII is synthetic (example.com addresses, 555 phone numbers).
import { isoSeconds } from './clock.js';
import { ID_BASE, gid } from './ids.js';
import { moneyV2 } from './money.js';
import { mulberry32, subSeed } from './random.js';
import type { StoreView } from './store-view.js';

const FIRST = ['Ava', 'Liam', 'Noah', 'Emma', 'Mia', 'Lucas', 'Zoe', 'Omar', 'Yuki', 'Ines', 'Mateo', 'Priya', 'Chen', 'Sofia', 'Ivan', 'Amara'];
const LAST = ['Smith', 'Garcia', 'Müller', 'Nguyen', 'Okafor', 'Rossi', 'Kowalski', 'Tanaka', 'Silva', 'Dubois', 'Khan', 'Larsen'];
const PLACES: ReadonlyArray<[string, string, string, string]> = [
  ['New York', 'NY', 'United States', 'US'], ['Austin', 'TX', 'United States', 'US'], ['Seattle', 'WA', 'United States', 'US'],
  ['Toronto', 'ON', 'Canada', 'CA'], ['Vancouver', 'BC', 'Canada', 'CA'], ['Berlin', 'BE', 'Germany', 'DE'], ['Paris', 'IDF', 'France', 'FR'],
];

export function customerName(seed: number, c: number): { first: string; last: string } {
  const rng = mulberry32(subSeed(seed, c, 5));
  return { first: FIRST[Math.floor(rng() * FIRST.length)]!, last: LAST[Math.floor(rng() * LAST.length)]! };
}

export function customerEmailOf(seed: number, c: number): string {
  const { first, last } = customerName(seed, c);
  return `${first}.${last}.${c}@example.com`.toLowerCase().replace('ü', 'ue');
}

export function customerNode(store: StoreView, c: number, spentCents: () => number): Record<string, unknown> {
  const cols = store.data.customers;
  const rng = mulberry32(subSeed(store.seed, c, 6));
  const { first, last } = customerName(store.seed, c);
  const legacy = ID_BASE.Customer + c;
  const place = PLACES[Math.floor(rng() * PLACES.length)]!;
  const stateRoll = rng();
  const hasPhone = rng() < 0.4;
  const phone = `+1555${String(1_000_000 + (c % 9_000_000)).padStart(7, '0')}`;
  const marketing = rng() < 0.45 ? 'SUBSCRIBED' : 'NOT_SUBSCRIBED';
  const overlay = store.customerOverlay.get(c);
  const email = customerEmailOf(store.seed, c);
  return {
    __typename: 'Customer', id: gid('Customer', legacy), legacyResourceId: String(legacy),
    createdAt: isoSeconds(cols.createdAt.data[c]!), updatedAt: isoSeconds(cols.updatedAt.data[c]!),
    firstName: first, lastName: last, displayName: `${first} ${last}`, email, phone: hasPhone ? phone : null,
    state: stateRoll < 0.3 ? 'ENABLED' : stateRoll < 0.95 ? 'DISABLED' : 'INVITED', verifiedEmail: rng() < 0.9,
    taxExempt: false, locale: place[3] === 'DE' ? 'de' : place[3] === 'FR' ? 'fr' : 'en',
    tags: overlay?.tags ?? (rng() < 0.1 ? ['vip'] : []), note: overlay?.note ?? null,
    numberOfOrders: () => String(store.ordersOfCustomer(c).length),
    amountSpent: () => moneyV2(spentCents()),
    defaultEmailAddress: { __typename: 'CustomerEmailAddress', emailAddress: email, marketingState: marketing },
    defaultPhoneNumber: hasPhone ? { __typename: 'CustomerPhoneNumber', phoneNumber: phone, marketingState: 'NOT_SUBSCRIBED' } : null,
    defaultAddress: {
      __typename: 'MailingAddress', id: gid('MailingAddress', ID_BASE.MailingAddress + c), firstName: first, lastName: last,
      address1: `${1 + Math.floor(rng() * 999)} Market St`, address2: null, city: place[0], province: place[1], provinceCode: place[1],
      country: place[2], countryCodeV2: place[3], zip: String(10000 + Math.floor(rng() * 89999)), phone: hasPhone ? phone : null,
    },
  };
}
