// Client-side model of Shopify's leaky bucket (reference section 2). The server only tells us the bucket
// after each response; between responses we extrapolate with the restore rate, so we can wait *before*
// sending a query the bucket cannot cover instead of collecting THROTTLED answers.

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface BucketState {
  status?: ThrottleStatus;
  /** Local clock (ms) when `status` was observed. */
  observedAt: number;
}

export function estimateAvailable(bucket: BucketState, now: number): number | undefined {
  const s = bucket.status;
  if (!s) return undefined;
  return Math.min(s.maximumAvailable, s.currentlyAvailable + (s.restoreRate * Math.max(0, now - bucket.observedAt)) / 1000);
}

/** Milliseconds to wait before a query costing `cost` can be covered (0 when it can, or nothing is known). */
export function waitForCostMs(bucket: BucketState, cost: number, now: number): number {
  const s = bucket.status;
  const available = estimateAvailable(bucket, now);
  if (!s || available === undefined) return 0;
  const needed = Math.min(cost, s.maximumAvailable);
  if (available >= needed) return 0;
  // A few ms of margin: the server's clock and ours tick differently.
  return Math.ceil(((needed - available) / s.restoreRate) * 1000) + 5;
}

/** `first` that keeps a query's requested cost within `limit`, scaled from an observed (first, cost) pair. */
export function sizeFirst(observed: { first: number; requestedCost: number } | undefined, limit: number, fallback: number): number {
  if (!observed || observed.requestedCost <= 0) return fallback;
  const perNode = observed.requestedCost / observed.first;
  // requested = overhead + first * perNode; treating it as linear through 0 errs on the small side.
  return Math.max(1, Math.min(250, Math.floor(limit / perNode)));
}
