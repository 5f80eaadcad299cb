// Fault injection: each request draws once; the first matching fault (in a fixed order) applies.
export interface FaultConfig {
  http5xxRate?: number;
  http429Rate?: number;
  slowRate?: number;
  slowMs?: number;
  dropRate?: number;
  truncatedJsonRate?: number;
  /** Drains the cost bucket (as a burst from another client would), so this request is THROTTLED for real. */
  throttledBurstRate?: number;
  /** Share of bulk operations that end FAILED with INTERNAL_SERVER_ERROR and a partialDataUrl. */
  bulkFailureRate?: number;
  /** The next N bulk operations end FAILED whatever the rate (tests); counted from the last `setFaults`. */
  bulkFailureCount?: number;
  /** Where a failing operation stops, as a share of its roots (default: a random point). */
  bulkFailureAt?: number;
  /** The failed operation's `errorCode` (default INTERNAL_SERVER_ERROR). */
  bulkFailureCode?: BulkFailure['errorCode'];
}

/** How a bulk operation that is drawn to fail ends. */
export interface BulkFailure {
  /** Share of the roots processed when it stops (0..1). */
  at: number;
  errorCode: 'INTERNAL_SERVER_ERROR' | 'TIMEOUT' | 'ACCESS_DENIED';
}

export type FaultKind = 'drop' | 'http5xx' | 'http429' | 'throttledBurst' | 'truncatedJson' | 'slow';

export interface FaultDraw { kinds: Set<FaultKind> }

/** Independent draws per kind so configured rates hold individually; a drop or error status ends the request. */
export function drawFaults(f: FaultConfig, rand: () => number = Math.random): Set<FaultKind> {
  const out = new Set<FaultKind>();
  if (f.dropRate && rand() < f.dropRate) out.add('drop');
  if (f.http5xxRate && rand() < f.http5xxRate) out.add('http5xx');
  if (f.http429Rate && rand() < f.http429Rate) out.add('http429');
  if (f.throttledBurstRate && rand() < f.throttledBurstRate) out.add('throttledBurst');
  if (f.truncatedJsonRate && rand() < f.truncatedJsonRate) out.add('truncatedJson');
  if (f.slowRate && rand() < f.slowRate) out.add('slow');
  return out;
}
