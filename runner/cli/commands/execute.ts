// run / test / seed / snapshot / build: compile, plan, execute, print dbt-style progress, exit 1 on any error/fail.
import type { CommandModule } from 'yargs';
import * as api from '../../api.js';
import type { Manifest } from '../../manifest.js';
import { resourceKind } from '../../plan/resource-kind.js';
import type { Logger } from '../../log/logger.js';
import type { RunEvent } from '../../run/types.js';
import { loggerOf, setExitCode } from '../context.js';
import { toInvocation, withExecution, withOpenLineage, withProject, withSelection, type CommonArgs, type OpenLineageArgs } from '../options.js';
import { openLineageConfig } from '../../lineage/openlineage-config.js';
import { withEventTime, withEventTimeWindow, type EventTimeArgs } from '../../microbatch/cli.js';

const DESCRIPTIONS = {
  run: 'Build the selected models (views, tables, incremental) in DAG order',
  test: 'Run the selected data tests',
  seed: 'Load the CSV files under the seed paths',
  snapshot: 'Record changes of the selected snapshots as type-2 history (dbt snapshots)',
  build: 'Seed, run and test the selected nodes in DAG order; a failure skips everything downstream',
} as const;

export function foundLine(manifest: Manifest): string {
  const counts = { model: 0, seed: 0, test: 0, snapshot: 0, analysis: 0 };
  for (const node of Object.values(manifest.nodes)) counts[resourceKind(node) as keyof typeof counts]++;
  const sources = Object.keys(manifest.sources).length;
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const snapshots = counts.snapshot ? `, ${n(counts.snapshot, 'snapshot')}` : '';
  const analyses = counts.analysis ? `, ${counts.analysis} ${counts.analysis === 1 ? 'analysis' : 'analyses'}` : '';
  return `Found ${n(counts.model, 'model')}${snapshots}${analyses}, ${n(counts.seed, 'seed')}, ${n(counts.test, 'data test')}, ${n(sources, 'source')}, ${n(Object.keys(manifest.macros).length, 'macro')}`;
}

/** The `onEvent` of every executing command: the "Found …" line once before the first event, then the
 * numbered progress lines. */
export function printProgress(logger: Logger): (event: RunEvent, manifest: Manifest) => void {
  let announced = false;
  return (event, manifest) => {
    if (!announced) {
      announced = true;
      logger.info(foundLine(manifest));
      logger.info('');
    }
    logger.event(event, manifest.nodes);
  };
}

export function executeCommand(command: keyof typeof DESCRIPTIONS): CommandModule<object, CommonArgs & EventTimeArgs & OpenLineageArgs> {
  return {
    command,
    describe: DESCRIPTIONS[command],
    builder: (y) => withOpenLineage(withEventTime(withExecution(withSelection(withProject(y))))) as never, // clv microbatch + lineage flags
    handler: async (argv) => {
      const logger = loggerOf(argv);
      const options = withEventTimeWindow(command, toInvocation(argv), argv); // clv microbatch
      const result = await api[command]({
        ...options,
        onWarning: (m) => logger.warn(m),
        onEvent: printProgress(logger),
        openLineage: openLineageConfig(argv), // clv lineage
      });
      if (result.results.results.length === 0) logger.warn('Nothing to do. Try checking your --select / --exclude values.');
      if (!result.success) setExitCode(argv, 1);
    },
  };
}
