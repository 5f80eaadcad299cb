// `clv listen --port P [--build] [--reconcile 15m]`: the webhook receiver as a long-running command.
import path from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { runIngest } from '../run.js';
import { promptSecret } from '../credentials/prompt.js';
import { startListener } from './listener.js';
import { startReconciler, type Reconciler } from './reconciler.js';
import { createRebuilder, parseDuration, projectBuilder } from './rebuild.js';
import { resolveWebhookSecret } from './secret.js';

interface ListenArgs {
  port: number;
  host: string;
  database?: string;
  schema: string;
  'project-dir': string;
  target?: string;
  build: boolean;
  reconcile?: string;
  'batch-ms': number;
  'batch-size': number;
  journal?: string;
}

const log = (m: string) => process.stderr.write(`${new Date().toISOString()} ${m}\n`);

export const listenCommand: CommandModule<object, ListenArgs> = {
  command: 'listen',
  describe: 'Receive Shopify webhooks (verified, journaled, micro-batched) into the raw tables',
  builder: (y: Argv) =>
    y
      .option('port', { type: 'number', default: 8080, describe: 'Port to listen on' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Interface (put a TLS proxy in front in production)' })
      .option('database', { type: 'string', describe: 'DuckDB file (default: $CLV_DUCKDB_PATH or <project>/clv.duckdb)' })
      .option('schema', { type: 'string', default: 'raw_shopify' })
      .option('project-dir', { type: 'string', default: process.cwd() })
      .option('target', { type: 'string' })
      .option('build', { type: 'boolean', default: false, describe: 'After each committed batch rebuild the models downstream of the changed raw tables' })
      .option('reconcile', { type: 'string', describe: 'Also run the incremental ingest every interval, e.g. 15m (needs SHOPIFY_SHOP and SHOPIFY_ACCESS_TOKEN)' })
      .option('batch-ms', { type: 'number', default: 200, describe: 'Commit at most this long after the first pending webhook' })
      .option('batch-size', { type: 'number', default: 2000, describe: 'Commit as soon as this many webhooks are pending' })
      .option('journal', { type: 'string', describe: 'Journal file (default: <database>.webhooks.journal)' }) as unknown as Argv<ListenArgs>,
  handler: async (args: ArgumentsCamelCase<ListenArgs>) => {
    const { secret, from } = await resolveWebhookSecret({ passphrase: process.stdin.isTTY ? () => promptSecret('Passphrase of the credentials file: ') : undefined });
    log(`webhook secret from ${from}`);
    const projectDir = path.resolve(args['project-dir']);
    const database = path.resolve(projectDir, args.database ?? process.env['CLV_DUCKDB_PATH'] ?? 'clv.duckdb');
    const rebuilder = args.build
      ? createRebuilder(projectBuilder({ projectDir, target: args.target }), log)
      : undefined;
    const listener = await startListener({
      database, schema: args.schema, secret, port: args.port, host: args.host, journalPath: args.journal,
      batch: { intervalMs: args['batch-ms'], maxBatch: args['batch-size'] }, log,
      afterCommit: rebuilder ? (changed) => rebuilder.changed(changed) : undefined,
    });
    log(`listening on ${listener.url} (database ${database})`);
    let reconciler: Reconciler | undefined;
    if (args.reconcile) {
      const shop = process.env['SHOPIFY_SHOP'];
      const accessToken = process.env['SHOPIFY_ACCESS_TOKEN'];
      if (!shop || !accessToken) throw new Error('--reconcile needs SHOPIFY_SHOP and SHOPIFY_ACCESS_TOKEN');
      reconciler = startReconciler({
        everyMs: parseDuration(args.reconcile),
        sync: () => runIngest({ shop, accessToken, database, schema: args.schema, reconcile: 'auto', output: process.stderr, tty: false }),
        afterSync: rebuilder ? () => rebuilder.changed(['orders', 'customers', 'products']) : undefined,
        log,
      });
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await reconciler?.stop();
    log('stopping: committing what is pending');
    await listener.close();
  },
};
