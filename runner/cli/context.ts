// State shared by one CLI invocation: the logger and the exit code. Product commands (ingest, demo...)
// composed in bin/main.ts reach it through the parsed argv with loggerOf / setExitCode.
import { createLogger, type LogFormat, type Logger } from '../log/logger.js';

export interface CliState {
  logger: Logger;
  exitCode: number;
}

const STATE = Symbol.for('clv.cli.state');

type WithState = { [STATE]?: CliState };

export function attachState(argv: Record<string, unknown>, state: CliState): void {
  (argv as WithState)[STATE] = state;
}

function stateOf(argv: object): CliState {
  const state = (argv as WithState)[STATE];
  if (!state) throw new Error('clv CLI state missing: commands must run through runCli()');
  return state;
}

export const loggerOf = (argv: object): Logger => stateOf(argv).logger;

/** Raise the invocation's exit code (never lowers it: a failure anywhere wins). */
export function setExitCode(argv: object, code: number): void {
  const state = stateOf(argv);
  state.exitCode = Math.max(state.exitCode, code);
}

export function newState(format: LogFormat): CliState {
  return { logger: createLogger({ format }), exitCode: 0 };
}
