// clean: delete the clean-targets (default: the target path). Refuses paths outside the project so a
// typo in project.yml cannot wipe someone's home folder.
import { rm } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import { loadProject } from '../../project/load.js';
import { loggerOf } from '../context.js';
import { withProject, type CommonArgs } from '../options.js';

export const cleanCommand: CommandModule<object, CommonArgs> = {
  command: 'clean',
  describe: 'Delete the target folder and the other clean-targets',
  builder: (y) => withProject(y) as never,
  handler: async (argv) => {
    const logger = loggerOf(argv);
    const project = await loadProject(argv.projectDir ?? process.cwd(), { target: argv.target, targetPath: argv.targetPath });
    const targets = project.config.cleanTargets.length > 0 ? project.config.cleanTargets : [project.config.targetPath];
    for (const target of targets) {
      const path = resolve(project.root, target);
      const rel = relative(project.root, path);
      if (rel === '' || rel.startsWith('..')) {
        throw new UsageError(`refusing to clean '${target}': it is not inside the project folder`, {
          location: { file: project.config.configFile },
          hint: 'clean-targets must name folders inside the project, e.g. [target, logs].',
        });
      }
      await rm(path, { recursive: true, force: true });
      logger.info(`Cleaned ${rel}/`);
    }
  },
};
