// Numbers in the shop's currency and plain counts, one formatter per currency.
export interface Formats {
  money(value: number | null | undefined): string;
  moneyShort(value: number | null | undefined): string;
  count(value: number | null | undefined): string;
  percent(value: number | null | undefined): string;
}

export function formats(currency: string): Formats {
  const money = new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: 2 });
  const short = new Intl.NumberFormat('en', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
  const count = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
  const pct = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
  const guard = (f: Intl.NumberFormat) => (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? '–' : f.format(v));
  return { money: guard(money), moneyShort: guard(short), count: guard(count), percent: guard(pct) };
}
