// Builds an order's line items so that they sum exactly to the order's generated value: list prices pick
// the mix, then unit prices are scaled (think sales and price changes) so Σ lines − discounts = subtotal.
import type { Catalog, CatalogVariant } from './catalog.js';
import { weekOfYear } from './catalog.js';
import { pickCumulative, type Rng } from './random.js';

export interface BuiltLine {
  variant: CatalogVariant;
  quantity: number;
  unitCents: number;
  discountCents: number; // allocated share of the order discount
}

export interface BuiltLines {
  lines: BuiltLine[];
  grossCents: number;
  discountCents: number;
  discountPct: number;
}

export function buildLines(rng: Rng, catalog: Catalog, createdAt: number, subtotalCents: number, discounted: boolean, minLines: number): BuiltLines {
  const roll = rng();
  let n = roll < 0.55 ? 1 : roll < 0.85 ? 2 : roll < 0.96 ? 3 : 4;
  n = Math.max(n, minLines);
  const discountPct = discounted ? [0.1, 0.15, 0.2][Math.floor(rng() * 3)]! : 0;
  const gross = Math.round(subtotalCents / (1 - discountPct));
  const discount = gross - subtotalCents;
  const cumulative = catalog.cumulativeByWeek[weekOfYear(createdAt)]!;
  const picked: CatalogVariant[] = [];
  const quantities: number[] = [];
  for (let k = 0; k < n; k++) {
    let v = catalog.variants[pickCumulative(rng, cumulative)]!;
    for (let tries = 0; tries < 4 && picked.includes(v); tries++) v = catalog.variants[pickCumulative(rng, cumulative)]!;
    if (picked.includes(v)) break;
    picked.push(v);
    const q = rng();
    quantities.push(q < 0.8 ? 1 : q < 0.95 ? 2 : 3);
  }
  const weight = picked.reduce((s, v, k) => s + v.priceCents * quantities[k]!, 0);
  const lines: BuiltLine[] = [];
  let used = 0;
  for (let k = 0; k < picked.length - 1; k++) {
    const unit = Math.floor((gross * picked[k]!.priceCents) / weight);
    if (unit < 1) return buildSingle(picked[0]!, gross, discount, discountPct);
    lines.push({ variant: picked[k]!, quantity: quantities[k]!, unitCents: unit, discountCents: 0 });
    used += unit * quantities[k]!;
  }
  const rest = gross - used;
  const last = picked[picked.length - 1]!;
  let q = quantities[picked.length - 1]!;
  if (rest % q !== 0) q = 1;
  lines.push({ variant: last, quantity: q, unitCents: rest / q, discountCents: 0 });
  allocateDiscount(lines, gross, discount);
  return { lines, grossCents: gross, discountCents: discount, discountPct };
}

function buildSingle(variant: CatalogVariant, gross: number, discount: number, discountPct: number): BuiltLines {
  const lines = [{ variant, quantity: 1, unitCents: gross, discountCents: discount }];
  return { lines, grossCents: gross, discountCents: discount, discountPct };
}

function allocateDiscount(lines: BuiltLine[], gross: number, discount: number): void {
  let left = discount;
  for (let k = 0; k < lines.length - 1; k++) {
    const share = Math.floor((discount * lines[k]!.unitCents * lines[k]!.quantity) / gross);
    lines[k]!.discountCents = share;
    left -= share;
  }
  lines[lines.length - 1]!.discountCents = left;
}
