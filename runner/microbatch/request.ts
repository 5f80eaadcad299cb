// How an invocation's microbatch wishes reach the executor: carried on the plan (plain data), so neither
// the planner nor the public API grows a parameter for one materialization.
import type { Batch, BatchResults, MicrobatchRequest } from './types.js';

const isEmpty = (request: MicrobatchRequest): boolean =>
  request.eventTimeStart === undefined && request.eventTimeEnd === undefined && request.now === undefined
  && Object.keys(request.batches ?? {}).length === 0;

/** `plan` carrying `request` (the same object, so any plan shape passes through). */
export function withMicrobatch<P extends object>(plan: P, request: MicrobatchRequest): P & { microbatch?: MicrobatchRequest } {
  return isEmpty(request) ? plan : Object.assign(plan, { microbatch: request });
}

/** unique_id -> failed batches, from a previous run_results.json's results (dbt's `batch_results`). */
export function failedBatchesOf(results: Array<{ unique_id: string; batch_results?: BatchResults }>): Record<string, Batch[]> {
  const batches: Record<string, Batch[]> = {};
  for (const result of results) {
    const failed = result.batch_results?.failed ?? [];
    if (failed.length > 0) batches[result.unique_id] = failed.map(([start, end]) => ({ start, end }));
  }
  return batches;
}
