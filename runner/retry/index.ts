// `clv retry`: re-run only what failed or was skipped in the last invocation, from target/run_results.json.
// As dbt's retry, the previous invocation's flags (--target, --vars, --full-refresh, --threads, --state,
// --defer, the microbatch event-time window) are reused unless the command line overrides them, so a retry
// builds the same thing, against the same state, that the failed run meant to build. The flags it ran with
// are recorded again, so a retry of a retry still knows them.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { invokeCommand, type InvocationOptions, type InvocationResult } from '../api.js';
import { UsageError } from '../errors.js';
import { plan, type RetryState } from '../plan/index.js';
import { effectiveTargetPath } from '../project/load.js';
import { readProjectFile } from '../project/project-file.js';
import { parseVars } from '../cli/vars.js';
import { failedBatchesOf, withMicrobatch, type Batch } from '../microbatch/index.js';

const RETRYABLE_COMMANDS = ['run', 'test', 'seed', 'build'] as const;
type RetryableCommand = (typeof RETRYABLE_COMMANDS)[number];

export interface PreviousRun {
  command: RetryableCommand;
  statuses: Record<string, string>;
  args: Record<string, unknown>;
  /** clv microbatch: unique_id -> the batches that failed (rerun alone). */
  failedBatches: Record<string, Batch[]>;
}

/** Parses a run_results.json document; throws UsageError with a hint when there is nothing to retry. */
export function previousRunOf(artifact: unknown, file: string): PreviousRun {
  const doc = artifact as { results?: Array<{ unique_id: string; status: string }>; args?: Record<string, unknown> };
  const args = doc.args ?? {};
  const command = String(args.which ?? '');
  if (!RETRYABLE_COMMANDS.includes(command as RetryableCommand)) {
    throw new UsageError(`${file} was written by \`clv ${command || '?'}\`, which cannot be retried.`, {
      hint: 'retry re-runs the nodes of a previous run, test, seed or build.',
    });
  }
  const statuses: Record<string, string> = {};
  // A microbatch model that ended 'partial success' is rerun like a failed node (only its failed batches).
  for (const result of doc.results ?? []) statuses[result.unique_id] = result.status === 'partial success' ? 'error' : result.status;
  return { command: command as RetryableCommand, statuses, args, failedBatches: failedBatchesOf((doc.results ?? []) as Parameters<typeof failedBatchesOf>[0]) };
}

export async function readPreviousRun(projectDir: string, targetPath?: string): Promise<PreviousRun> {
  const root = path.resolve(projectDir);
  const { config } = await readProjectFile(root, { env: process.env });
  const file = path.join(effectiveTargetPath(config.targetPath, targetPath, process.env), 'run_results.json');
  let text: string;
  try {
    text = await readFile(path.join(root, file), 'utf8');
  } catch {
    throw new UsageError(`Nothing to retry: ${file} does not exist.`, { hint: 'Run a command such as `clv build` first.' });
  }
  return previousRunOf(JSON.parse(text), file);
}

/** Re-runs the failed/skipped nodes of the previous invocation. Nothing failed → an empty, successful run. */
export async function retry(options: InvocationOptions = {}): Promise<InvocationResult & { previousRun: PreviousRun }> {
  const previous = await readPreviousRun(options.projectDir ?? process.cwd(), options.targetPath);
  const prevArgs = previous.args;
  const state: RetryState = { command: previous.command, statuses: previous.statuses };
  const merged: InvocationOptions = {
    ...options,
    ...carriedFlags(prevArgs, options),
    // Recorded as the original command (with the flags in effect) so a retry of a retry knows them too.
    args: { ...prevArgs, ...(options.args ?? {}), retry: true },
    planner: (manifest) => withMicrobatch( // clv microbatch: rerun only the failed batches, in the same window
      plan(manifest, { command: 'retry', selection: {}, retry: state, fullRefresh: options.fullRefresh ?? (prevArgs.full_refresh as boolean | undefined) }),
      { batches: previous.failedBatches, eventTimeStart: prevArgs.event_time_start as string | undefined, eventTimeEnd: prevArgs.event_time_end as string | undefined },
    ),
  };
  const result = await invokeCommand(previous.command, merged);
  // `previous` on a result is the --state manifest (slim CI); the run being retried is `previousRun`.
  return { ...result, previousRun: previous };
}

/** The previous invocation's flags (run_results.json `args`, as recorded by the CLI) under the ones given
 * now. --state is the path as typed then (relative to the working directory, as in dbt). */
export function carriedFlags(prevArgs: Record<string, unknown>, options: InvocationOptions): Partial<InvocationOptions> {
  const text = (key: string) => (typeof prevArgs[key] === 'string' ? (prevArgs[key] as string) : undefined);
  const flag = (key: string) => (typeof prevArgs[key] === 'boolean' ? (prevArgs[key] as boolean) : undefined);
  const threads = typeof prevArgs.threads === 'number' ? prevArgs.threads : undefined;
  return {
    target: options.target ?? text('target'),
    vars: options.vars ?? parseVars(text('vars')),
    fullRefresh: options.fullRefresh ?? flag('full_refresh'),
    threads: options.threads ?? threads,
    state: options.state ?? text('state'),
    defer: options.defer ?? flag('defer'),
  };
}
