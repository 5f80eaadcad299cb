// Which batches a run builds (dbt 1.9's MicrobatchBuilder): an initial build or full refresh starts at
// `begin`; an incremental run starts `lookback` batches before the current one; --event-time-start/end
// override both for a targeted backfill. The last batch is the one holding the end (now: the current,
// still-filling batch), every batch a whole calendar unit.
import { UsageError } from '../errors.js';
import { iso, offset, parseTime, truncate } from './time.js';
import type { Batch, MicrobatchConfig, MicrobatchRequest } from './types.js';

export interface BatchInput {
  /** The target table exists and this is not a full refresh. */
  incremental: boolean;
  request: MicrobatchRequest;
}

function timeArg(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = parseTime(value);
  if (!date) throw new UsageError(`${flag} '${value}' is not a date or timestamp`, { hint: `e.g. ${flag} 2024-01-01 or ${flag} 2024-01-01T06:00:00Z` });
  return date;
}

export function batchesToRun(config: MicrobatchConfig, input: BatchInput): Batch[] {
  const { request } = input;
  const now = timeArg(request.now, 'now') ?? new Date();
  const explicitStart = timeArg(request.eventTimeStart, '--event-time-start');
  const end = timeArg(request.eventTimeEnd, '--event-time-end') ?? now;
  const start = explicitStart
    ?? (input.incremental ? offset(truncate(now, config.batchSize), config.batchSize, -config.lookback) : new Date(config.begin));
  if (explicitStart && explicitStart >= end) {
    throw new UsageError(`--event-time-start (${iso(explicitStart)}) must be before --event-time-end (${iso(end)})`, { hint: 'Give a window such as --event-time-start 2024-01-01 --event-time-end 2024-01-08.' });
  }
  const batches: Batch[] = [];
  for (let s = truncate(start, config.batchSize); s < end; ) {
    const e = offset(s, config.batchSize, 1);
    batches.push({ start: iso(s), end: iso(e) });
    s = e;
  }
  return batches;
}
