// The product catalog: 50-200 products with 1-4 variants, list prices, unit costs (for margins) and a
// yearly demand peak per product type, so the sold mix shifts with the season.
import { DAY_MS } from './clock.js';
import { mulberry32, pick, randInt, subSeed } from './random.js';

export interface CatalogVariant {
  index: number; // global variant index (id = VARIANT_BASE + index)
  productIndex: number;
  title: string;
  sku: string;
  priceCents: number;
  compareAtCents: number | null;
  unitCostCents: number;
  position: number;
  options: Array<{ name: string; value: string }>;
}

export interface CatalogProduct {
  index: number;
  title: string;
  handle: string;
  productType: string;
  vendor: string;
  status: 'ACTIVE' | 'ARCHIVED' | 'DRAFT';
  tags: string[];
  createdAt: number;
  updatedAt: number;
  variants: CatalogVariant[];
  /** Demand weight and seasonal peak (week of year) used when orders pick their lines. */
  weight: number;
  peakWeek: number;
  amplitude: number;
}

export interface Catalog {
  products: CatalogProduct[];
  variants: CatalogVariant[];
  /** 53 rows of cumulative variant weights, one per ISO-ish week of the year. */
  cumulativeByWeek: Float64Array[];
}

const TYPES: ReadonlyArray<{ type: string; peakWeek: number; amplitude: number; price: [number, number] }> = [
  { type: 'Outerwear', peakWeek: 47, amplitude: 0.8, price: [6000, 22000] },
  { type: 'Swimwear', peakWeek: 26, amplitude: 0.9, price: [2500, 9000] },
  { type: 'Tees', peakWeek: 30, amplitude: 0.3, price: [1500, 4500] },
  { type: 'Knitwear', peakWeek: 2, amplitude: 0.7, price: [4000, 12000] },
  { type: 'Accessories', peakWeek: 50, amplitude: 0.5, price: [1200, 6000] },
  { type: 'Footwear', peakWeek: 14, amplitude: 0.3, price: [5000, 16000] },
  { type: 'Home', peakWeek: 49, amplitude: 0.6, price: [1800, 9000] },
];
const ADJECTIVES = ['Classic', 'Organic', 'Alpine', 'Coastal', 'Urban', 'Heritage', 'Everyday', 'Merino', 'Linen', 'Trail', 'Studio', 'Harbor'];
const NOUNS: Record<string, string[]> = {
  Outerwear: ['Parka', 'Rain Jacket', 'Puffer', 'Overcoat'],
  Swimwear: ['Swim Short', 'One-Piece', 'Bikini Set', 'Rash Guard'],
  Tees: ['Crew Tee', 'Pocket Tee', 'Henley', 'Tank'],
  Knitwear: ['Sweater', 'Cardigan', 'Beanie', 'Scarf'],
  Accessories: ['Tote', 'Cap', 'Belt', 'Wallet'],
  Footwear: ['Sneaker', 'Boot', 'Sandal', 'Loafer'],
  Home: ['Candle', 'Throw', 'Mug', 'Cushion'],
};
const VENDORS = ['Northwind', 'Fjordline', 'Maple & Co', 'Saltwater Goods'];
const SIZES = ['S', 'M', 'L', 'XL'];
const COLORS = ['Black', 'Navy', 'Sand', 'Olive'];

export const PRODUCT_BASE = 8_900_000_000_000;
export const VARIANT_BASE = 45_100_000_000_000;

export function buildCatalog(seed: number, windowStart: number, windowEnd: number): Catalog {
  const rng = mulberry32(subSeed(seed, 0, 101));
  const count = randInt(rng, 50, 200);
  const products: CatalogProduct[] = [];
  const variants: CatalogVariant[] = [];
  for (let i = 0; i < count; i++) {
    const t = pick(rng, TYPES);
    const title = `${pick(rng, ADJECTIVES)} ${pick(rng, NOUNS[t.type]!)}${i >= 40 ? ` ${i}` : ''}`;
    const createdAt = Math.floor((windowStart - rng() * 400 * DAY_MS) / 1000) * 1000;
    const touched = rng() < 0.6 ? windowStart + rng() * (windowEnd - windowStart) : createdAt;
    const product: CatalogProduct = {
      index: i, title, handle: `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${i}`,
      productType: t.type, vendor: pick(rng, VENDORS),
      status: rng() < 0.9 ? 'ACTIVE' : rng() < 0.7 ? 'ARCHIVED' : 'DRAFT',
      tags: rng() < 0.3 ? ['bestseller', t.type.toLowerCase()] : [t.type.toLowerCase()],
      createdAt, updatedAt: Math.floor(touched / 1000) * 1000,
      variants: [], weight: 0.2 + rng() * 2, peakWeek: t.peakWeek + randInt(rng, -3, 3), amplitude: t.amplitude,
    };
    const basePrice = Math.round((t.price[0] + rng() * (t.price[1] - t.price[0])) / 100) * 100 - 1;
    const nVariants = randInt(rng, 1, 4);
    const bySize = rng() < 0.6;
    for (let v = 0; v < nVariants; v++) {
      const value = nVariants === 1 ? 'Default Title' : bySize ? SIZES[v]! : COLORS[v]!;
      const priceCents = basePrice + (bySize && v === 3 ? 500 : 0);
      const variant: CatalogVariant = {
        index: variants.length, productIndex: i, title: value,
        sku: `${t.type.slice(0, 3).toUpperCase()}-${String(i).padStart(3, '0')}-${v + 1}`,
        priceCents, compareAtCents: rng() < 0.2 ? Math.round(priceCents * 1.25) : null,
        unitCostCents: Math.round(priceCents * (0.25 + rng() * 0.3)), position: v + 1,
        options: nVariants === 1 ? [{ name: 'Title', value }] : [{ name: bySize ? 'Size' : 'Color', value }],
      };
      variants.push(variant);
      product.variants.push(variant);
    }
    products.push(product);
  }
  const cumulativeByWeek: Float64Array[] = [];
  for (let week = 0; week < 53; week++) {
    const cum = new Float64Array(variants.length);
    let acc = 0;
    for (const variant of variants) {
      const p = products[variant.productIndex]!;
      const seasonal = 1 + p.amplitude * Math.cos((2 * Math.PI * (week - p.peakWeek)) / 52);
      acc += p.status === 'DRAFT' ? 0 : (p.weight * Math.max(0.05, seasonal)) / p.variants.length;
      cum[variant.index] = acc;
    }
    cumulativeByWeek.push(cum);
  }
  return { products, variants, cumulativeByWeek };
}

export function weekOfYear(ms: number): number {
  const d = new Date(ms);
  const startOfYear = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.min(52, Math.floor((ms - startOfYear) / (7 * DAY_MS)));
}
