// clv lineage <model>.<column>: where a column comes from and where it goes, traced from the compiled SQL.
// Also stores `column_lineage` in target/manifest.json (the docs site shows it) and can write OpenLineage events.
import type { CommandModule } from 'yargs';
import { loggerOf } from '../context.js';
import { toInvocation, withProject, type CommonArgs } from '../options.js';

interface LineageArgs extends CommonArgs {
  column?: string;
  openlineageFile?: string;
}

export const lineageCommand: CommandModule<object, LineageArgs> = {
  command: 'lineage [column]',
  describe: 'Column-level lineage: upstream and downstream column paths of <model>.<column>',
  builder: (y) =>
    withProject(y)
      .positional('column', { type: 'string', describe: '<model>.<column>, e.g. customers.lifetime_value (omit to only store lineage in the manifest)' })
      .option('openlineage-file', { type: 'string', describe: 'Write OpenLineage RunEvents with the columnLineage facet (one JSON per line) to this file' }) as never,
  handler: async (argv) => {
    // Imported here, not at the top: the SQL parser compiles a WebAssembly module on import (~0.6 s CPU),
    // which every other command would otherwise pay at start-up.
    const { columnLineage, downstreamIndex, downstreamTree, renderTree, resolveColumnPath, upstreamTree } = await import('../../lineage/index.js');
    const logger = loggerOf(argv);
    const { manifest, lineage, project } = await columnLineage({ ...toInvocation(argv), openLineageFile: argv.openlineageFile, onWarning: (m) => logger.warn(m) });
    const models = Object.values(lineage);
    const unresolved = models.reduce((n, m) => n + Object.keys(m.unresolved).length, 0);
    logger.info(`Traced the columns of ${models.length} models (${unresolved} unresolved) into ${project.config.targetPath}/manifest.json`);
    if (argv.openlineageFile) logger.info(`Wrote OpenLineage events to ${argv.openlineageFile}`);
    if (!argv.column) return;
    const path = resolveColumnPath(manifest, lineage, argv.column);
    logger.info('Upstream:');
    logger.raw(renderTree(upstreamTree(lineage, path)).join('\n'));
    logger.info('Downstream:');
    logger.raw(renderTree(downstreamTree(downstreamIndex(lineage), path)).join('\n'));
  },
};
