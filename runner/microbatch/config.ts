// Reads and validates a microbatch model's config. dbt requires event_time, batch_size and begin; lookback
// defaults to 1. Errors name the model's file and the key to set.
import type { ModelNode } from '../manifest.js';
import { ProjectError } from '../errors.js';
import { parseTime, iso } from './time.js';
import type { BatchSize, MicrobatchConfig } from './types.js';

const SIZES: BatchSize[] = ['hour', 'day', 'month', 'year'];

export function microbatchConfig(node: ModelNode): MicrobatchConfig {
  const { config } = node;
  const problem = (message: string, hint: string): ProjectError =>
    new ProjectError(`microbatch model '${node.name}': ${message}`, { location: { file: node.original_file_path }, hint });
  const eventTime = config.event_time;
  if (typeof eventTime !== 'string' || !eventTime.trim()) {
    throw problem('event_time is not set', "Name the model's event time column: config(event_time='ordered_at').");
  }
  const batchSize = String(config.batch_size ?? '').toLowerCase() as BatchSize;
  if (!SIZES.includes(batchSize)) {
    throw problem(`batch_size '${String(config.batch_size ?? '')}' is not one of ${SIZES.join(', ')}`, "e.g. config(batch_size='day').");
  }
  const lookback = config.lookback === undefined ? 1 : Number(config.lookback);
  if (!Number.isInteger(lookback) || lookback < 0) {
    throw problem(`lookback must be a whole number of batches (0 or more), got '${String(config.lookback)}'`, 'e.g. config(lookback=3).');
  }
  const begin = config.begin === undefined ? undefined : parseTime(String(config.begin));
  if (!begin) {
    throw problem(config.begin === undefined ? 'begin is not set' : `begin '${String(config.begin)}' is not a date or timestamp`,
      "Set where the first build starts: config(begin='2024-01-01').");
  }
  return { eventTime: eventTime.trim(), batchSize, lookback, begin: iso(begin) };
}
