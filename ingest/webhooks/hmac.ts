// Shopify signs the raw body bytes; anything re-serialised would not verify, so this runs before parsing.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signBody(raw: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(raw).digest('base64');
}

/** Constant-time check of `X-Shopify-Hmac-Sha256` (base64) against the body. Missing or malformed: false. */
export function verifyHmac(raw: Buffer, header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string' || header.length === 0 || secret.length === 0) return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  const given = Buffer.from(header, 'base64');
  // Lengths differ for garbage headers; timingSafeEqual throws on unequal lengths, and the length leaks nothing.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
