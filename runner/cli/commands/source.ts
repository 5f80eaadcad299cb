// source freshness: how long ago each monitored source last loaded; exit 1 when one is past error_after.
import type { CommandModule } from 'yargs';
import { sourceFreshness } from '../../freshness/index.js';
import { loggerOf, setExitCode } from '../context.js';
import { toInvocation, withProject, withSelection, type CommonArgs } from '../options.js';

interface FreshnessArgs extends CommonArgs {
  output?: string;
}

const LABEL = { pass: 'PASS', warn: 'WARN', error: 'ERROR STALE', 'runtime error': 'ERROR' } as const;

function age(seconds: number | null): string {
  if (seconds === null) return 'no rows';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h ago`;
  return `${(seconds / 86400).toFixed(1)} days ago`;
}

const freshnessCommand: CommandModule<object, FreshnessArgs> = {
  command: 'freshness',
  describe: 'Check how recently each source with a freshness block was loaded; write target/sources.json',
  builder: (y) => withSelection(withProject(y)).option('output', { alias: 'o', type: 'string', describe: 'Artifact path (default <target-path>/sources.json)' }) as never,
  handler: async (argv) => {
    const logger = loggerOf(argv);
    const run = await sourceFreshness({
      ...toInvocation(argv),
      output: argv.output,
      onWarning: (m) => logger.warn(m),
      onResult: (r, source, index, total) => {
        const text = `${index} of ${total} ${LABEL[r.status]} freshness of ${source.source_name}.${source.name}: last loaded ${age(r.max_loaded_at_time_ago_in_s)}${r.error ? ` — ${r.error.split('\n')[0]}` : ''}`;
        if (r.status === 'pass') logger.info(text);
        else if (r.status === 'warn') logger.warn(text);
        else logger.error(text);
      },
    });
    if (run.results.length === 0) logger.warn('No selected source declares freshness (loaded_at_field + warn_after/error_after).');
    logger.info(`Wrote ${run.artifactPath}`);
    if (!run.success) setExitCode(argv, 1);
  },
};

export const sourceCommand: CommandModule<object, object> = {
  command: 'source <command>',
  describe: 'Commands about sources (freshness)',
  builder: (y) => y.command(freshnessCommand as never).demandCommand(1, 'Name a source command, e.g. `clv source freshness`.'),
  handler: () => {},
};
