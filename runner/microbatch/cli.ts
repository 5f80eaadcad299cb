// --event-time-start / --event-time-end (dbt's flags) for targeted backfills of microbatch models.
import type { Argv } from 'yargs';
import { planFor, type CompiledProject, type InvocationOptions } from '../api.js';
import type { Manifest } from '../manifest.js';
import type { Command, Plan } from '../plan/index.js';
import { UsageError } from '../errors.js';
import { withMicrobatch } from './request.js';
import { iso, parseTime } from './time.js';

export interface EventTimeArgs {
  eventTimeStart?: string;
  eventTimeEnd?: string;
}

export function withEventTime<T>(y: Argv<T>) {
  return y
    .option('event-time-start', { type: 'string', describe: 'Microbatch models: build the batches from this time (inclusive, UTC), e.g. 2024-01-01' })
    .option('event-time-end', { type: 'string', describe: 'Microbatch models: build the batches up to this time (exclusive, UTC); default now' });
}

function checked(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const date = parseTime(value);
  if (!date) throw new UsageError(`${flag} '${value}' is not a date or timestamp`, { hint: `e.g. ${flag} 2024-01-01 or ${flag} 2024-01-01T06:00:00Z` });
  return iso(date);
}

/** The invocation options with the event-time window riding on the plan (unchanged when no flag is set). */
export function withEventTimeWindow(command: Exclude<Command, 'retry'>, options: InvocationOptions, argv: EventTimeArgs): InvocationOptions {
  const eventTimeStart = checked(argv.eventTimeStart, '--event-time-start');
  const eventTimeEnd = checked(argv.eventTimeEnd, '--event-time-end');
  if (eventTimeStart === undefined && eventTimeEnd === undefined) return options;
  if (eventTimeStart && eventTimeEnd && eventTimeStart >= eventTimeEnd) {
    throw new UsageError(`--event-time-start (${eventTimeStart}) must be before --event-time-end (${eventTimeEnd})`, { hint: 'e.g. --event-time-start 2024-01-01 --event-time-end 2024-01-08' });
  }
  const inner = options.planner;
  // The plan the API would make without a planner; the --state manifest (slim CI), when the API has one, rides along.
  const defaultPlan = (manifest: Manifest, compiled: CompiledProject): Plan =>
    (planFor as (...args: unknown[]) => Plan)(manifest, command, options, (compiled as { previous?: Manifest }).previous);
  return {
    ...options,
    args: { ...(options.args ?? {}), ...(eventTimeStart && { event_time_start: eventTimeStart }), ...(eventTimeEnd && { event_time_end: eventTimeEnd }) },
    planner: (manifest, compiled) => withMicrobatch(inner ? inner(manifest, compiled) : defaultPlan(manifest, compiled), { eventTimeStart, eventTimeEnd }),
  };
}
