// Plain data of microbatch incremental models (dbt 1.9 semantics), shared by the planner hook, the
// materialization and retry. Times are ISO-8601 UTC strings so they survive run_results.json unchanged.

export type BatchSize = 'hour' | 'day' | 'month' | 'year';

/** A half-open window [start, end) of event time. */
export interface Batch {
  start: string;
  end: string;
}

/** dbt's run_results `batch_results`: each batch as a [start, end) pair. */
export interface BatchResults {
  successful: Array<[string, string]>;
  failed: Array<[string, string]>;
}

/** What the invocation asks of microbatch models (carried on the execution plan). */
export interface MicrobatchRequest {
  /** --event-time-start: targeted backfill from here (inclusive). */
  eventTimeStart?: string;
  /** --event-time-end: targeted backfill up to here (exclusive). Default: now. */
  eventTimeEnd?: string;
  /** unique_id -> exactly these batches (clv retry: the batches that failed last time). */
  batches?: Record<string, Batch[]>;
  /** The clock, for reproducible runs and tests. Default: the wall clock. */
  now?: string;
}

/** A model's validated microbatch config. */
export interface MicrobatchConfig {
  eventTime: string;
  batchSize: BatchSize;
  lookback: number;
  /** ISO start of the first batch of an initial build. */
  begin: string;
}
