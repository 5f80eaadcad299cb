// Money in integer cents; rendered the way the Admin GraphQL API renders it.
import { PRESENTMENT_CURRENCIES, SHOP_CURRENCY } from './params.js';

/** MoneyV2.amount is a Decimal string without padding: 2500 -> "25.0", 1099 -> "10.99". */
export function decimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  if (frac === 0) return `${sign}${whole}.0`;
  return `${sign}${whole}.${frac % 10 === 0 ? String(frac / 10) : String(frac).padStart(2, '0')}`;
}

/** The Money scalar (e.g. ProductVariant.price) keeps two decimals: "25.00". */
export function money2(cents: number): string {
  return (cents / 100).toFixed(2);
}

export interface Presentment { code: string; rate: number }
export const SHOP_PRESENTMENT: Presentment = { code: SHOP_CURRENCY, rate: 1 };
export const FOREIGN = PRESENTMENT_CURRENCIES;

export function moneyV2(cents: number, currencyCode = SHOP_CURRENCY) {
  return { __typename: 'MoneyV2', amount: decimal(cents), currencyCode };
}

const zeroBags = new Map<string, ReturnType<typeof buildBag>>();

/**
 * A MoneyBag: shop amount plus the converted amount in the currency the buyer saw. Zero amounts (no
 * discount, free shipping, nothing refunded) are shared objects: nodes are read-only and bulk runs build
 * tens of millions of bags.
 */
export function moneyBag(cents: number, presentment: Presentment) {
  if (cents !== 0) return buildBag(cents, presentment);
  let bag = zeroBags.get(presentment.code);
  if (!bag) { bag = Object.freeze(buildBag(0, presentment)); zeroBags.set(presentment.code, bag); }
  return bag;
}

function buildBag(cents: number, presentment: Presentment) {
  return {
    __typename: 'MoneyBag',
    shopMoney: moneyV2(cents),
    presentmentMoney: moneyV2(Math.round(cents * presentment.rate), presentment.code),
  };
}
