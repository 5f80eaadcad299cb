// Small conversions from Shopify's REST shapes to the GraphQL node shapes the raw tables keep.
import type { Json } from './json.js';

/** Exact numeric id text: numbers arrive as safe numbers or (beyond 2^53) as their source text. */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  return undefined;
}

/** The gid: `admin_graphql_api_id` when present, else built from the numeric id. */
export function gidOf(obj: Json | null | undefined, type: string): string | undefined {
  if (!obj) return undefined;
  const given = obj['admin_graphql_api_id'];
  if (typeof given === 'string' && given.startsWith('gid://')) return given;
  const id = idText(obj['id']);
  return id === undefined ? undefined : `gid://shopify/${type}/${id}`;
}

export function legacyOf(gid: string | undefined): string | undefined {
  return gid ? /\/(\d+)(?:\?.*)?$/.exec(gid)?.[1] : undefined;
}

/** REST timestamps carry the shop's offset ("…-04:00"); GraphQL's are UTC with a Z, whole seconds. */
export function utc(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** REST joins tags with ", "; GraphQL returns a list. */
export function tagList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || value.trim() === '') return [];
  return value.split(',').map((t) => t.trim()).filter(Boolean);
}

const upper = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v.toUpperCase() : null);
export { upper };

function money(m: unknown): Json | null {
  if (!m || typeof m !== 'object') return null;
  const x = m as Json;
  return { amount: amountText(x['amount']), currencyCode: x['currency_code'] ?? null };
}

/** Money stays a decimal string; a number (rare, older versions) is printed without float noise. */
export function amountText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

/** `{shop_money, presentment_money}` → `{shopMoney, presentmentMoney}`; else a bag from a bare amount. */
export function moneyBag(set: unknown, fallbackAmount?: unknown, currency?: unknown): Json | null {
  if (set && typeof set === 'object') {
    const s = set as Json;
    return { shopMoney: money(s['shop_money']), presentmentMoney: money(s['presentment_money']) };
  }
  const amount = amountText(fallbackAmount);
  if (amount === null) return null;
  const m = { amount, currencyCode: typeof currency === 'string' ? currency : null };
  return { shopMoney: m, presentmentMoney: m };
}

/** Sum of decimal strings without floats (cents may have up to 4 decimals in some currencies). */
export function sumDecimals(values: (string | null | undefined)[]): string {
  const scale = 4;
  let total = 0n;
  for (const v of values) {
    if (!v) continue;
    const neg = v.startsWith('-');
    const [whole, frac = ''] = v.replace('-', '').split('.');
    const units = BigInt(whole || '0') * 10n ** BigInt(scale) + BigInt((frac + '0000').slice(0, scale));
    total += neg ? -units : units;
  }
  const neg = total < 0n;
  const abs = neg ? -total : total;
  const whole = abs / 10n ** BigInt(scale);
  const frac = (abs % 10n ** BigInt(scale)).toString().padStart(scale, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}.${frac || '0'}`;
}
