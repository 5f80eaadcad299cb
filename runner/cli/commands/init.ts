// init: scaffold a new project (runner/init) and say what to run next.
import { relative } from 'node:path';
import type { CommandModule } from 'yargs';
import { initProject } from '../../init/index.js';
import { loggerOf } from '../context.js';

interface InitArgs {
  dir: string;
  name?: string;
}

export const initCommand: CommandModule<object, InitArgs> = {
  command: 'init [dir]',
  describe: 'Create a new project (DuckDB target, an example seed, staging view, mart table and tests)',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', default: '.', describe: 'Folder to create the project in' })
      .option('name', { type: 'string', describe: 'Project name (default: the folder name)' }) as never,
  handler: async (argv) => {
    const logger = loggerOf(argv);
    const { root, name, files } = await initProject(argv.dir, { name: argv.name });
    for (const file of files) logger.info(`  created ${file}`);
    const where = relative(process.cwd(), root) || '.';
    logger.info(`Project '${name}' created in ${where}. Next:`);
    logger.info(`  ${where === '.' ? '' : `cd ${where} && `}clv build`);
  },
};
