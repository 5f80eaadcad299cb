// What `_sync_state.cursor` holds per stream. A window is the unit of progress: its bounds are fixed when it
// starts, each committed page moves `after` forward, and only a finished window advances `highWater`. So a
// kill -9 anywhere resumes the same window at the last committed page: no gaps (the window's bounds did not
// move) and no duplicates (rows merge on id).

export interface SyncWindow {
  /** Inclusive lower bound (ISO); absent on a full sync. */
  from?: string;
  /** Inclusive upper bound (ISO): server time minus the index-lag allowance when the window started. */
  to: string;
  /** GraphQL endCursor of the last committed page. */
  after?: string | null;
  /** Last committed row's position, to restart the window if the server rejects `after`. */
  lastUpdatedAt?: string;
  lastId?: string;
  pages: number;
  rows: number;
}

export interface BulkState {
  /** The running operation; absent when the next one (a rerun over [from, to]) is still to start. */
  operationId?: string;
  /** Inclusive upper bound, fixed when the backfill started and kept by every rerun. */
  to: string;
  /** Inclusive lower bound of a rerun: failed operations' complete roots have landed before it. */
  from?: string;
  /** Operations that ended without a usable file, in this run of failures (the retry cap counts them). */
  failures?: number;
  /** Roots landed from partial files so far, for the log. */
  keptRoots?: number;
  /** Newest root `updatedAt` landed from partial files (the high-water mark if the rerun finds nothing newer). */
  newest?: string;
}

export interface StreamState {
  /** Every record updated at or before this instant has landed. */
  highWater?: string;
  window?: SyncWindow;
  /** A bulk backfill in flight: resumed by polling the same operation, or by starting the next one. */
  bulk?: BulkState;
  lastReconciledAt?: string;
  /** Set by an orders bulk backfill until refund lines (not in bulk files) have been fetched. */
  refundLinesPending?: boolean;
}

export function asStreamState(value: unknown): StreamState {
  return value && typeof value === 'object' ? (value as StreamState) : {};
}

/** The `query:` filter of a window (quoted dates, inclusive on both ends: reference section 3). */
export function windowFilter(window: Pick<SyncWindow, 'from' | 'to'>): string {
  const upper = `updated_at:<='${window.to}'`;
  return window.from ? `updated_at:>='${window.from}' AND ${upper}` : upper;
}

export const isoSeconds = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * High-water mark after a finished window: its upper bound, but never past the newest row actually read.
 * With a server clock ahead of the data's clock (skew, or a simulator) `to` alone would skip the updates
 * made while the sync ran; without rows the previous mark stays (the lookback re-reads a little, harmlessly).
 */
export function nextHighWater(to: string, newestSeen: string | undefined, previous: string | undefined): string | undefined {
  if (!newestSeen) return previous;
  return Date.parse(newestSeen) < Date.parse(to) ? newestSeen : to;
}
