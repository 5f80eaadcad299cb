// retry: re-run the nodes that failed or were skipped in the last run/test/seed/build (target/run_results.json).
import type { Argv, CommandModule } from 'yargs';
import { retry } from '../../retry/index.js';
import { loggerOf, setExitCode } from '../context.js';
import { toInvocation, withExecution, withProject, type CommonArgs } from '../options.js';

/** The previous run's --state / --defer are reused; these override them (dbt's retry takes both too). */
const withState = <T>(y: Argv<T>) => y
  .option('state', { type: 'string', describe: 'Folder with the manifest.json to compare/defer against (default: the previous run\'s --state)' })
  .option('defer', { type: 'boolean', describe: 'Defer unselected refs to the --state relations (default: the previous run\'s --defer)' });
import { printProgress } from './execute.js';

export const retryCommand: CommandModule<object, CommonArgs> = {
  command: 'retry',
  describe: 'Re-run only the nodes that failed or were skipped in the last invocation',
  builder: (y) => withState(withExecution(withProject(y))) as never,
  handler: async (argv) => {
    const logger = loggerOf(argv);
    const options = toInvocation(argv);
    const result = await retry({
      ...options, // its args: the flags given now, recorded over the previous run's
      onWarning: (m) => logger.warn(m),
      onEvent: printProgress(logger),
    });
    if (result.results.results.length === 0) logger.info('Nothing to retry: every node of the last run succeeded.');
    if (!result.success) setExitCode(argv, 1);
  },
};
