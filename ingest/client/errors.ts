// Errors the ingest raises. Every message passes through `redact` first: a token must never reach a log line,
// an error, a test snapshot or an artifact, whatever path the failure took.
import { ClvError } from '../../runner/errors.js';

/** Base of ingest failures; `exitCode` is what `clv ingest` exits with. */
export class IngestError extends ClvError {
  readonly exitCode: number = 1;
}

/** The caller must fix something (token, scope, shop, flags): retrying cannot help. Exit code 2. */
export class IngestCallerError extends IngestError {
  override readonly exitCode = 2;
}

/** Retries ran out on a transient failure (5xx, network, throttling). Exit code 1. */
export class IngestTransientError extends IngestError {}

const secrets = new Set<string>();

/** Register a secret so that every later `redact` removes it (and its URL-encoded form). */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 4) {
    secrets.add(secret);
    secrets.add(encodeURIComponent(secret));
  }
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[REDACTED]');
  // Shopify token shapes, in case one arrives that was never registered (e.g. echoed by a proxy).
  return out.replace(/\bshp(?:at|ca|pa|ss)_[A-Za-z0-9]{8,}\b/g, '[REDACTED]');
}

export function messageOf(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}

/** MAX_COST_EXCEEDED: the query asks for too much at once; callers shrink `first` and retry. */
export class QueryTooCostly extends IngestError {
  constructor(readonly cost: number, readonly maxCost: number) {
    super(`query cost ${cost} exceeds Shopify's per-query cap ${maxCost}`);
  }
}
