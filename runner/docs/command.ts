// `clv docs generate` / `clv docs serve`. Generic: the product passes its extra pages (the CLV report)
// from the composition root, so runner/ stays free of Shopify knowledge.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { loadProject } from '../project/load.js';
import { loggerOf } from '../cli/context.js';
import { toInvocation, withProject, type CommonArgs } from '../cli/options.js';
import { generateDocs } from './generate.js';
import { serveDocs } from './serve.js';
import type { DocsExtraPage } from './types.js';

type GenerateArgs = CommonArgs & { out?: string };
type ServeArgs = CommonArgs & { port: number; host: string; out?: string };

const withOut = <T>(y: Argv<T>) => y.option('out', { type: 'string', describe: 'Site folder (default: <target-path>/docs)' });

function generateCommand(extraPages: DocsExtraPage[]): CommandModule<object, GenerateArgs> {
  return {
    command: 'generate',
    describe: 'Write the static docs site (catalog, lineage, search and report pages) to target/docs',
    builder: (y) => withOut(withProject(y)) as never,
    handler: async (argv) => {
      const logger = loggerOf(argv);
      const started = performance.now();
      const result = await generateDocs({ ...toInvocation(argv), extraPages, outDir: argv.out, onWarning: (m) => logger.warn(m) });
      if (!result.catalogAvailable) logger.warn('No warehouse catalog: column types and report data appear after `clv build`.');
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const kib = Math.round(result.totalBytes / 1024);
      logger.info(`Docs for ${result.nodes} nodes written to ${result.siteDir} (${kib} KiB) in ${seconds}s.`);
      logger.info(`Open ${resolve(result.siteDir, 'index.html')} or run \`clv docs serve\`.`);
    },
  };
}

const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'Serve the generated docs site on 127.0.0.1',
  builder: (y) =>
    withOut(withProject(y))
      .option('port', { type: 'number', default: 8080, describe: 'Port to listen on' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Interface to bind (loopback by default)' }) as never,
  handler: async (argv) => {
    const logger = loggerOf(argv);
    const project = await loadProject(argv.projectDir ?? process.cwd(), { target: argv.target, targetPath: argv.targetPath });
    const siteDir = argv.out ? resolve(project.root, argv.out) : resolve(project.root, project.config.targetPath, 'docs');
    if (!existsSync(resolve(siteDir, 'index.html'))) {
      throw new UsageError(`no docs site in ${siteDir}`, { hint: 'Run `clv docs generate` first.' });
    }
    const server = await serveDocs(siteDir, { port: argv.port, host: argv.host });
    logger.info(`Serving ${siteDir} at ${server.url} (Ctrl+C to stop).`);
    await new Promise<void>((done) => {
      const stop = () => void server.close().then(done);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};

export function docsCommand(extraPages: DocsExtraPage[] = []): CommandModule<object, object> {
  return {
    command: 'docs <command>',
    describe: 'Generate or serve the documentation site',
    builder: (y) => y.command(generateCommand(extraPages)).command(serveCommand).demandCommand(1, 'Name a docs command: generate or serve.') as never,
    handler: () => undefined,
  };
}
