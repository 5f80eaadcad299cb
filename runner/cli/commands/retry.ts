// retry: re-run the nodes that failed or were skipped in the last run/test/seed/build (target/run_results.json).
import type { CommandModule } from 'yargs';
import { retry } from '../../retry/index.js';
import { loggerOf, setExitCode } from '../context.js';
import { toInvocation, withExecution, withProject, type CommonArgs } from '../options.js';
import { printProgress } from './execute.js';

export const retryCommand: CommandModule<object, CommonArgs> = {
  command: 'retry',
  describe: 'Re-run only the nodes that failed or were skipped in the last invocation',
  builder: (y) => withExecution(withProject(y)) as never,
  handler: async (argv) => {
    const logger = loggerOf(argv);
    const options = toInvocation(argv);
    const result = await retry({
      ...options,
      args: {},
      onWarning: (m) => logger.warn(m),
      onEvent: printProgress(logger),
    });
    if (result.results.results.length === 0) logger.info('Nothing to retry: every node of the last run succeeded.');
    if (!result.success) setExitCode(argv, 1);
  },
};
