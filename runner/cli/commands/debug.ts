// debug: where the project and target are, the target with secrets masked, and a live connection check.
import type { CommandModule } from 'yargs';
import { getAdapter } from '../../adapters/index.js';
import { loadProject } from '../../project/load.js';
import { parseVars } from '../vars.js';
import { loggerOf, setExitCode } from '../context.js';
import { withProject, type CommonArgs } from '../options.js';

const SECRET = /pass(word|phrase)?|secret|token|private_?key|api_?key|credential/i;

export function maskSecrets(target: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(target).map(([k, v]) => [k, SECRET.test(k) && v !== undefined && v !== '' ? '****' : v]));
}

export const debugCommand: CommandModule<object, CommonArgs> = {
  command: 'debug',
  describe: 'Show the project and target configuration and test the connection',
  builder: (y) => withProject(y) as never,
  handler: async (argv) => {
    const logger = loggerOf(argv);
    const project = await loadProject(argv.projectDir ?? process.cwd(), { target: argv.target, vars: parseVars(argv.vars), targetPath: argv.targetPath });
    for (const w of project.warnings) logger.warn(w);
    logger.info(`clv ${process.env.npm_package_version ?? ''}`.trim());
    logger.info(`project: ${project.config.name} (${project.root}/${project.config.configFile})`);
    logger.info(`targets: ${project.targetNames.join(', ')}`);
    logger.info(`target '${project.target.name}':`);
    for (const [key, value] of Object.entries(maskSecrets(project.target))) logger.info(`  ${key}: ${JSON.stringify(value)}`);
    const adapter = getAdapter(project.target.type);
    try {
      const warehouse = await adapter.open(project.target, { projectRoot: project.root, threads: 1 });
      try {
        const connection = await warehouse.acquire();
        await connection.execute('select 1 as ok');
        warehouse.release(connection);
      } finally {
        await warehouse.close();
      }
      logger.info('Connection test: [OK connection ok]');
      logger.info('All checks passed!');
    } catch (error) {
      logger.error(`Connection test: [ERROR] ${error instanceof Error ? error.message : String(error)}`);
      setExitCode(argv, 1);
    }
  },
};
