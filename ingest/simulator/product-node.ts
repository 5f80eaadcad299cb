// Materialises Product and ProductVariant nodes from the catalog.
import type { Catalog } from './catalog.js';
import { isoSeconds } from './clock.js';
import { ID_BASE, gid } from './ids.js';
import { money2, moneyV2 } from './money.js';

type Json = Record<string, unknown>;

export function productNode(catalog: Catalog, i: number): Json {
  const p = catalog.products[i]!;
  const legacy = ID_BASE.Product + i;
  return {
    __typename: 'Product', id: gid('Product', legacy), legacyResourceId: String(legacy), title: p.title, handle: p.handle,
    productType: p.productType, vendor: p.vendor, status: p.status, tags: p.tags, createdAt: isoSeconds(p.createdAt),
    updatedAt: isoSeconds(p.updatedAt), publishedAt: p.status === 'ACTIVE' ? isoSeconds(p.createdAt) : null,
    descriptionHtml: `<p>${p.title}</p>`, totalInventory: 100 + (i % 50),
    variants: () => p.variants.map((v) => variantNode(catalog, v.index)),
  };
}

export function variantNode(catalog: Catalog, v: number): Json {
  const x = catalog.variants[v]!;
  const p = catalog.products[x.productIndex]!;
  const legacy = ID_BASE.ProductVariant + v;
  return {
    __typename: 'ProductVariant', id: gid('ProductVariant', legacy), legacyResourceId: String(legacy), title: x.title,
    displayName: `${p.title} - ${x.title}`, sku: x.sku, barcode: null, position: x.position,
    price: money2(x.priceCents), compareAtPrice: x.compareAtCents === null ? null : money2(x.compareAtCents),
    createdAt: isoSeconds(p.createdAt), updatedAt: isoSeconds(p.updatedAt), inventoryQuantity: 10 + (v % 40), taxable: true,
    selectedOptions: x.options.map((o) => ({ __typename: 'SelectedOption', ...o })),
    product: () => productNode(catalog, x.productIndex),
    inventoryItem: {
      __typename: 'InventoryItem', id: gid('InventoryItem', ID_BASE.InventoryItem + v), sku: x.sku, tracked: true,
      unitCost: moneyV2(x.unitCostCents),
    },
  };
}
