// Legacy numeric ids per resource (13-14 digits like real shops, far below 2^53) and gid helpers.
export const ID_BASE = {
  Order: 6_100_000_000_000,
  Customer: 7_300_000_000_000,
  LineItem: 15_200_000_000_000, // + order index * 8 + line
  OrderTransaction: 7_900_000_000_000, // + order index * 32 + k
  Refund: 9_800_000_000_000, // + order index * 8 + k
  RefundLineItem: 5_400_000_000_000, // + order index * 64 + refund * 8 + line
  CustomerVisit: 3_300_000_000_000, // + order index * 2 + (first 0 / last 1)
  Product: 8_900_000_000_000,
  ProductVariant: 45_100_000_000_000,
  InventoryItem: 47_700_000_000_000,
  MailingAddress: 8_400_000_000_000,
  BulkOperation: 5_600_000_000_000,
  AppInstallation: 4_900_000_000_000,
  Shop: 70_000_000_000,
} as const;

export type GidType = keyof typeof ID_BASE;

export const gid = (type: string, legacy: number | string) => `gid://shopify/${type}/${legacy}`;

export function parseGid(id: string): { type: string; legacy: number } | null {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/.exec(id);
  return m ? { type: m[1]!, legacy: Number(m[2]) } : null;
}
