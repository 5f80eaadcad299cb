// The generic runner CLI. bin/main.ts composes these commands with the product's own (ingest, demo...).
import path from 'node:path';
import yargs, { type CommandModule } from 'yargs';
import { ClvError, DatabaseError, UsageError } from '../errors.js';
import { frameworkCommands } from './commands/framework.js'; // clv framework commands (retry, show, ...)
import { lazyCommand } from './lazy.js';
import { attachState, newState } from './context.js';
import type { LogFormat } from '../log/logger.js';

export { loggerOf, setExitCode } from './context.js';
export { parseVars } from './vars.js';

// yargs command modules are invariant in their argv type; a list of heterogeneous commands needs `any`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandModule<any, any>;

// Each command's module (and what it imports: the compiler, DuckDB...) loads only when that command runs.
const execute = (command: 'run' | 'test' | 'seed' | 'snapshot' | 'build') => async () => (await import('./commands/execute.js')).executeCommand(command);

export const runnerCommands: AnyCommand[] = [
  lazyCommand({ command: 'compile', aliases: ['parse'], describe: 'Render models and tests to target/compiled and write target/manifest.json' }, async () => (await import('./commands/compile.js')).compileCommand),
  lazyCommand({ command: 'run', describe: 'Build the selected models (views, tables, incremental) in DAG order' }, execute('run')),
  lazyCommand({ command: 'test', describe: 'Run the selected data tests' }, execute('test')),
  lazyCommand({ command: 'seed', describe: 'Load the CSV files under the seed paths' }, execute('seed')),
  lazyCommand({ command: 'snapshot', describe: 'Record changes of the selected snapshots as type-2 history (dbt snapshots)' }, execute('snapshot')),
  lazyCommand({ command: 'build', describe: 'Seed, run and test the selected nodes in DAG order; a failure skips everything downstream' }, execute('build')),
  lazyCommand({ command: ['ls', 'list'], describe: 'List the selected nodes' }, async () => (await import('./commands/ls.js')).lsCommand),
  lazyCommand({ command: 'debug', describe: 'Show the project and target configuration and test the connection' }, async () => (await import('./commands/debug.js')).debugCommand),
  lazyCommand({ command: 'clean', describe: 'Delete the target folder and the other clean-targets' }, async () => (await import('./commands/clean.js')).cleanCommand),
  ...frameworkCommands,
];

function logFormatOf(argv: string[]): LogFormat {
  const i = argv.findIndex((a) => a === '--log-format' || a.startsWith('--log-format='));
  if (i < 0) return 'text';
  const value = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  return value === 'json' ? 'json' : 'text';
}

/** Exit code: 0 success, 1 node errors/failures, 2 project or usage errors (dbt's convention). */
export async function runCli(argv: string[], extraCommands: AnyCommand[] = [], version?: string): Promise<number> {
  const state = newState(logFormatOf(argv));
  let parser = yargs(argv)
    .scriptName('clv')
    .usage('$0 <command> [options]')
    .option('log-format', { type: 'string', choices: ['text', 'json'], default: 'text', describe: 'Console output format' })
    .option('profiles-dir', { type: 'string', describe: 'Folder holding profiles.yml, for a dbt project (default: $DBT_PROFILES_DIR, the project folder, the current folder, ~/.dbt)' })
    // As in dbt, the flag is the environment variable's spelling on the command line (and wins over it).
    .middleware((args) => {
      if (typeof args.profilesDir === 'string') process.env.DBT_PROFILES_DIR = path.resolve(args.profilesDir);
      if (args.useColors === false) process.env.NO_COLOR = '1';
    })
    .option('use-colors', { type: 'boolean', describe: 'Colour the console output (--no-use-colors, as $NO_COLOR)' })
    // dbt flags about dbt's own machinery (parse cache, version check, telemetry, its log file): accepted so
    // scripts written for dbt run unchanged; clv has nothing for them to change.
    .option('partial-parse', { type: 'boolean', hidden: true })
    .option('version-check', { type: 'boolean', hidden: true })
    .option('send-anonymous-usage-stats', { type: 'boolean', hidden: true })
    .option('static-parser', { type: 'boolean', hidden: true })
    .option('write-json', { type: 'boolean', hidden: true })
    .option('printer-width', { type: 'number', hidden: true })
    .option('log-path', { type: 'string', hidden: true })
    .middleware((args) => attachState(args as Record<string, unknown>, state))
    .demandCommand(1, 'Name a command, e.g. `clv build`.')
    .recommendCommands()
    .strict()
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .help();
  parser = version ? parser.version(version) : parser.version(false);
  for (const command of [...runnerCommands, ...extraCommands]) parser = parser.command(command);
  try {
    await parser.parseAsync();
  } catch (error) {
    state.exitCode = Math.max(state.exitCode, 2);
    if (error instanceof ClvError) {
      state.logger.error(error instanceof DatabaseError ? `Database error: ${error.format()}` : error.format());
      if (error instanceof UsageError && !error.hint) state.logger.error('Run `clv --help` for usage.');
    } else {
      state.logger.error(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  return state.exitCode;
}
