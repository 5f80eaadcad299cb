// show: preview the rows of one node (`--select m`) or of an inline query (`--inline "select ..."`).
import type { CommandModule } from 'yargs';
import { show } from '../../show/index.js';
import { formatTable } from '../../show/table.js';
import { loggerOf } from '../context.js';
import { toInvocation, withProject, withSelection, type CommonArgs } from '../options.js';

interface ShowArgs extends CommonArgs {
  inline?: string;
  limit?: number;
  output?: string;
}

export const showCommand: CommandModule<object, ShowArgs> = {
  command: 'show',
  describe: "Preview a node's rows (or an inline query's) as a table, without building anything",
  builder: (y) =>
    withSelection(withProject(y))
      .option('inline', { type: 'string', describe: 'A query to preview instead of a node (ref/source/var allowed)' })
      .option('limit', { type: 'number', default: 5, describe: 'Rows to show (-1: all)' })
      .option('output', { type: 'string', choices: ['text', 'json'], default: 'text', describe: 'Table or JSON rows' }) as never,
  handler: async (argv) => {
    const logger = loggerOf(argv);
    const result = await show({ ...toInvocation(argv), inline: argv.inline, limit: argv.limit, onWarning: (m) => logger.warn(m) });
    if (argv.output === 'json') {
      logger.raw(JSON.stringify({ node: result.name, rows: result.rows }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
      return;
    }
    logger.info(`Previewing ${result.name === 'inline' ? 'inline query' : `node "${result.name}"`}:`);
    logger.raw(formatTable(result.columns, result.rows));
  },
};
