// `clv ingest`: yargs command module (registered by bin/main.ts). Resolves credentials and the warehouse,
// runs `runIngest`, prints a summary; failures print a redacted, teaching message and set the exit code
// (2 for caller faults such as a bad token or missing scope, 1 for exhausted retries).
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { loggerOf, setExitCode } from '../../runner/cli/context.js';
import { readProjectFile } from '../../runner/project/project-file.js';
import { IngestCallerError, IngestError, messageOf, redact } from '../client/errors.js';
import { DEFAULT_API_VERSION } from '../client/shopify.js';
import { promptSecret } from '../credentials/prompt.js';
import { resolveShopifyCredentials } from '../credentials/resolve.js';
import { STREAMS, type StreamName } from '../queries.js';
import { runIngest, type IngestSummary } from '../run.js';
import type { RawWriter } from '../warehouse/writer.js';

export interface IngestArgs {
  shop?: string;
  token?: string;
  database?: string;
  schema: string;
  fullRefresh: boolean;
  streams?: string[];
  bulkThreshold: number;
  apiVersion: string;
  allowPartialHistory: boolean;
  reconcile: 'auto' | 'always' | 'never';
  credentialsFile?: string;
  projectDir: string;
  target?: string;
}

/** `--database`, else the project's DuckDB target path. */
export async function resolveDatabase(args: Pick<IngestArgs, 'database' | 'projectDir' | 'target'>): Promise<string> {
  const landing = await resolveLanding(args);
  if (landing.database) return landing.database;
  throw new IngestCallerError(`target '${args.target ?? 'default'}' is not a DuckDB target`, { hint: 'Pass --database path.duckdb.' });
}

/**
 * Where the raw tables land: `--database` (a DuckDB file), else the project target by type: a DuckDB
 * target's path, or a Snowflake target through the runner's Snowflake adapter (the target's database,
 * schema `--schema`). The Snowflake writer connects on first use and is closed by the caller.
 */
export async function resolveLanding(
  args: Pick<IngestArgs, 'database' | 'projectDir' | 'target'> & { schema?: string; apiVersion?: string },
): Promise<{ database?: string; writer?: RawWriter }> {
  if (args.database) return { database: args.database };
  const { target } = await readProjectFile(args.projectDir, { target: args.target, env: process.env });
  if (target.type === 'duckdb' && typeof target['path'] === 'string') return { database: target['path'] };
  if (target.type === 'snowflake') {
    const { SnowflakeRawWriter } = await import('../warehouse/snowflake.js');
    const writer = new SnowflakeRawWriter({
      target,
      projectRoot: path.resolve(args.projectDir),
      schema: args.schema ?? 'raw_shopify',
      apiVersion: args.apiVersion ?? DEFAULT_API_VERSION,
    });
    return { database: writer.scope.database, writer };
  }
  throw new IngestCallerError(`clv ingest writes to DuckDB or Snowflake; target '${target.name}' is ${target.type}`, {
    hint: 'Pass --database path.duckdb, or --target a target of type duckdb or snowflake.',
  });
}

export function formatSummary(s: IngestSummary): string {
  const streams = s.streams.map((x) => `  ${x.stream.padEnd(10)} ${x.mode.padEnd(9)} ${String(x.records).padStart(9)} records  high-water ${x.highWater ?? '-'}`);
  const rows = Object.entries(s.rows).map(([t, n]) => `  ${s.schema}.${t}: ${n}`);
  const deleted = Object.entries(s.deletedFlagged).map(([t, n]) => `${t} ${n}`).join(', ');
  const budget = s.budgetUsed === undefined ? '' : `, cost budget used ${(s.budgetUsed * 100).toFixed(0)}%`;
  return [
    `Ingested ${s.shop} (API ${s.apiVersion}) in ${(s.elapsedMs / 1000).toFixed(1)}s: ${s.stats.requests} requests, ${s.stats.throttled} throttled, ${s.stats.retries} retried${budget}`,
    ...streams,
    `Raw tables${s.database ? ` in ${s.database}` : ''}:`,
    ...rows,
    ...(deleted ? [`Flagged deleted at the source: ${deleted}`] : []),
    ...s.warnings.map((w) => `Warning: ${w}`),
  ].join('\n');
}

export const ingestCommand: CommandModule<object, IngestArgs> = {
  command: 'ingest',
  describe: 'Pull customers, orders (with lines, transactions, refunds, discounts) and products from Shopify into raw tables',
  builder: (y: Argv<object>) =>
    y
      .option('shop', { type: 'string', describe: 'Store domain (x.myshopify.com or 127.0.0.1:PORT); default SHOPIFY_SHOP' })
      .option('token', { type: 'string', describe: 'Admin API access token; default SHOPIFY_ACCESS_TOKEN (prefer the env var or credentials file)' })
      .option('database', { type: 'string', describe: 'DuckDB file to land into (default: the project target: its DuckDB path, or its Snowflake database)' })
      .option('schema', { type: 'string', default: 'raw_shopify', describe: 'Schema of the raw tables' })
      .option('full-refresh', { type: 'boolean', default: false, describe: 'Forget checkpoints and re-sync everything' })
      .option('streams', { type: 'array', string: true, choices: [...STREAMS], describe: 'Streams to sync (default: all)' })
      .option('bulk-threshold', { type: 'number', default: 10_000, describe: 'Backfill with a bulk operation from this many records (0: always)' })
      .option('api-version', { type: 'string', default: DEFAULT_API_VERSION, describe: 'Shopify Admin API version' })
      .option('allow-partial-history', { type: 'boolean', default: false, describe: 'Continue without read_all_orders (last 60 days of orders only)' })
      .option('reconcile', { type: 'string', choices: ['auto', 'always', 'never'] as const, default: 'auto' as const, describe: 'Deleted-record id reconciliation' })
      .option('credentials-file', { type: 'string', describe: 'Encrypted credentials file (default ~/.clv/credentials.enc)' })
      .option('project-dir', { type: 'string', default: '.', describe: 'Project whose target receives the data' })
      .option('target', { alias: 't', type: 'string', describe: 'Target name' }) as unknown as Argv<IngestArgs>,
  handler: async (argv) => {
    const logger = loggerOf(argv);
    try {
      const credentials = await resolveShopifyCredentials({
        shop: argv.shop,
        token: argv.token,
        credentialsFile: argv.credentialsFile,
        passphrase: () => promptSecret('Credentials passphrase: '),
      });
      const landing = await resolveLanding(argv);
      const summary = await runIngest({
        shop: credentials.shop,
        accessToken: credentials.accessToken,
        apiVersion: argv.apiVersion,
        ...landing,
        schema: argv.schema,
        streams: argv.streams as StreamName[] | undefined,
        fullRefresh: argv.fullRefresh,
        bulkThreshold: argv.bulkThreshold,
        allowPartialHistory: argv.allowPartialHistory,
        reconcile: argv.reconcile,
      }).finally(() => landing.writer?.close());
      logger.info(redact(formatSummary(summary)));
    } catch (error) {
      if (error instanceof IngestError) {
        logger.error(redact(error.format()));
        setExitCode(argv, error.exitCode);
      } else {
        logger.error(`clv ingest failed: ${messageOf(error)}`);
        setExitCode(argv, 1);
      }
    }
  },
};
