// Webhook bodies carry numeric ids that may exceed 2^53. JSON.parse rounds them before any reviver runs,
// so the body goes through lossless-json: unsafe numbers stay as their exact source text (strings).
import { isSafeNumber, parse } from 'lossless-json';

export type Json = Record<string, unknown>;

const parseNumber = (text: string): number | string => (isSafeNumber(text) ? Number(text) : text);

/** A number literal of 16+ digits may not be exact as a double; only then pay for the (slower) lossless parser. */
const LONG_NUMBER = /[:,[]\s*-?\d{16,}/;

export function parsePayload(text: string): Json {
  const value = LONG_NUMBER.test(text) ? parse(text, null, parseNumber) : (JSON.parse(text) as unknown);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('webhook body is not a JSON object');
  return value as Json;
}
