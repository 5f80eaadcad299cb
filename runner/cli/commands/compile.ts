// compile: render every model/test to target/compiled/** and write manifest.json. With a selection of one
// node, print its SQL (what dbt users reach for to debug a template).
import type { CommandModule } from 'yargs';
import { compile } from '../../api.js';
import { loggerOf } from '../context.js';
import { toInvocation, withProject, withSelection, type CommonArgs } from '../options.js';
import { foundLine } from './execute.js';
import { watchCompile } from './watch.js';

export const compileCommand: CommandModule<object, CommonArgs & { lineage?: boolean }> = {
  command: 'compile',
  // `dbt parse` writes manifest.json; compile writes it too (and the compiled SQL), so scripts calling parse work.
  aliases: ['parse'],
  describe: 'Render models and tests to target/compiled and write target/manifest.json',
  builder: (y) => withSelection(withProject(y)).option('watch', { type: 'boolean', describe: 'Recompile on every change under the model/macro/seed/test paths; print errors at once' })
    .option('lineage', { type: 'boolean', describe: 'Also trace column-level lineage into manifest.json (see `clv lineage`)' }) as never, // clv framework: --watch; clv lineage: --lineage
  handler: async (argv) => {
    const logger = loggerOf(argv);
    if ((argv as { watch?: boolean }).watch) return watchCompile(argv, logger); // clv framework hook
    const started = performance.now();
    const options = { ...toInvocation(argv), onWarning: (m: string) => logger.warn(m), introspect: true };
    // Loaded only for --lineage: its SQL parser compiles a WebAssembly module at import (~0.4 s CPU).
    const lineage = argv.lineage ? (await import('../../lineage/index.js')).columnLineage : undefined;
    const { manifest, plan, project } = lineage ? await lineage(options) : await compile(options); // clv lineage
    logger.info(foundLine(manifest));
    const nodes = plan.nodes.map((p) => manifest.nodes[p.uniqueId]).filter((n) => n !== undefined);
    if (argv.select && nodes.length === 1 && nodes[0]!.resource_type !== 'seed') {
      logger.info(`Compiled node '${nodes[0]!.name}' is:`);
      logger.raw(nodes[0]!.compiled_code);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    logger.info(`Compiled ${nodes.length} nodes to ${project.config.targetPath}/compiled in ${seconds}s.`);
  },
};
