// Commands whose implementation is imported only when that command runs. Importing every command at start-up
// pulled in DuckDB's bindings, Nunjucks, ajv, GraphQL, the docs site... (~1 s of CPU before `clv --version`
// printed anything). yargs needs only a command's name, aliases and description to route and to list it in
// `clv --help`; the builder (its options) and the handler come from the module once it is chosen.
import type { Argv, CommandModule } from 'yargs';

// yargs command modules are invariant in their argv type; a list of heterogeneous commands needs `any`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = CommandModule<any, any>;

/** What `clv --help` shows of a command; must equal the loaded command's own (tests/cli/lazy-commands.test.ts). */
export interface CommandSummary {
  command: string | readonly string[];
  aliases?: readonly string[];
  describe: string;
}

export interface LazyCommand extends AnyCommand {
  /** The command as its module defines it (loaded once). */
  load: () => Promise<AnyCommand>;
}

export function lazyCommand(summary: CommandSummary, load: () => Promise<AnyCommand>): LazyCommand {
  let loaded: Promise<AnyCommand> | undefined;
  const real = () => (loaded ??= load());
  return {
    ...(summary as { command: string | string[]; aliases?: string[]; describe: string }),
    load: real,
    // yargs awaits a builder's promise before parsing the command's own options (and before its --help).
    builder: (async (yargs: Argv) => {
      skipHelpCache(yargs);
      const { builder } = await real();
      if (typeof builder === 'function') return builder(yargs);
      return builder ? yargs.options(builder) : yargs;
    }) as unknown as AnyCommand['builder'],
    handler: async (argv) => (await real()).handler(argv),
  };
}

/**
 * yargs renders a command's whole help text before running its handler, in case the handler fails and help
 * is shown (~0.1–0.3 s of CPU for `build`'s options, measuring every cell's width). Our failures never show
 * help (runCli's .fail throws; errors print their own hint), and `--help` renders it anew, so that text is
 * never read: skip rendering it. yargs's internal API, hence the guards: without it nothing changes.
 */
function skipHelpCache(yargs: Argv): void {
  const internal = (yargs as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: unknown } } }).getInternalMethods?.();
  const usage = internal?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}
