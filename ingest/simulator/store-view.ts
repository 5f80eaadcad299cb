// What node materialisers need from the store (kept as an interface so they do not import the class).
import type { Catalog } from './catalog.js';
import type { GeneratedData } from './generate.js';
import type { RefundEvent } from './order-money.js';

export interface OrderOverlay { tags?: string[]; note?: string }
export interface CustomerOverlay { tags?: string[]; note?: string }

export interface StoreView {
  readonly seed: number;
  readonly shopDomain: string;
  readonly catalog: Catalog;
  readonly data: GeneratedData;
  readonly extraRefunds: Map<number, RefundEvent[]>;
  readonly orderOverlay: Map<number, OrderOverlay>;
  readonly customerOverlay: Map<number, CustomerOverlay>;
  ordersOfCustomer(customerIdx: number): number[];
  customerEmail(customerIdx: number): string;
  customerNode(customerIdx: number): Record<string, unknown>;
  productNode(productIndex: number): Record<string, unknown>;
  variantNode(variantIndex: number): Record<string, unknown>;
}
