// Microbatch incremental models (dbt 1.9): public surface for the CLI, retry and the materialization dispatch.
export type { Batch, BatchResults, BatchSize, MicrobatchConfig, MicrobatchRequest } from './types.js';
export { batchesToRun } from './batches.js';
export { microbatchConfig } from './config.js';
export { filteredInputs, windowedSql, windowPredicate } from './filter.js';
export { materializeMicrobatch } from './materialize.js';
export { failedBatchesOf, withMicrobatch } from './request.js';
