// `clv compile --watch`: the CLI face of runner/watch. Runs until SIGINT/SIGTERM; every compile prints one
// line (or the error as file:line: message), so an editor split with the terminal shows mistakes at once.
import { compile } from '../../api.js';
import { ClvError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import { startWatch } from '../../watch/index.js';
import { toInvocation, type CommonArgs } from '../options.js';

export async function watchCompile(argv: CommonArgs, logger: Logger): Promise<void> {
  const options = toInvocation(argv);
  const root = options.projectDir ?? process.cwd();
  const watcher = await startWatch({
    root,
    target: options.target,
    compile: async () => {
      const started = performance.now();
      const { manifest, project } = await compile({ ...options, onWarning: (m) => logger.warn(m) });
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      logger.info(`Compiled ${Object.keys(manifest.nodes).length} nodes to ${project.config.targetPath}/compiled in ${seconds}s. Watching for changes...`);
    },
    onError: (error) => logger.error(error instanceof ClvError ? error.format() : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`),
  });
  logger.info(`Watching ${[...watcher.folders, 'project.yml'].join(', ')} (Ctrl-C to stop)`);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      watcher.close();
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
