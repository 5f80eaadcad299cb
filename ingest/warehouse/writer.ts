// The narrow seam between ingest and a warehouse. Ingest hands over files of "node lines" (the bulk-operation
// JSONL shape: one GraphQL node per line with `__typename`, child nodes carrying `__parentId`); the writer lets
// its engine read the file, routes lines to raw tables and upserts them, and saves the stream's checkpoint in
// the same transaction, so a crash never leaves rows without their checkpoint or the reverse.
import type { RawTableName } from './tables.js';

/** Thrown by `land` (after rolling back) when `expectRoots` does not match the file. */
export class RootCountMismatch extends Error {}

export interface LandOptions {
  /** Checkpoint committed atomically with the rows; a function sees what the file held first. */
  state?: { stream: string; cursor: unknown | ((landed: LandResult) => unknown) };
  /** Refuse (roll back) when the file's root lines differ from this count (bulk `rootObjectCount`). */
  expectRoots?: number;
}

export interface LandResult {
  /** Rows staged per raw table (before the newer-wins filter). */
  rows: Partial<Record<RawTableName, number>>;
  roots: number;
  total: number;
  /** Newest `updatedAt` among root lines (ISO), if any. */
  newestRootUpdatedAt?: string;
}

export interface RawWriter {
  ensureTables(): Promise<void>;
  /** Load a JSONL file of node lines into the raw tables in one transaction. */
  land(file: string, options?: LandOptions): Promise<LandResult>;
  /** Refunds that have no refund lines yet (bulk files cannot carry them), with their order id. */
  refundsWithoutLines(): Promise<{ id: string; orderId: string }[]>;
  readState(stream: string): Promise<unknown | undefined>;
  writeState(stream: string, cursor: unknown): Promise<void>;
  /** Flag ids as deleted at the source (delete webhooks, id reconciliation). Returns rows changed. */
  flagDeleted(table: RawTableName, ids: string[]): Promise<number>;
  /**
   * Id reconciliation: `idsFile` is JSONL of `{"id": ...}` holding every id the source still has. Rows of
   * `table` missing from it are flagged deleted (their children too); rows present are unflagged.
   */
  reconcileIds(table: RawTableName, idsFile: string): Promise<{ flagged: number }>;
  /** Rows per raw table, for summaries and tests. */
  counts(): Promise<Record<RawTableName, number>>;
  close(): Promise<void>;
}
