// Composition root: the generic runner commands plus the product's own commands (ingest, simulate, fit,
// demo), added here as their folders land. Nothing in runner/ imports from this file. Each product command's
// module loads only when it runs (runner/cli/lazy.ts): they bring GraphQL, DuckDB, the docs site's bundler...
import { readFileSync } from 'node:fs';
import { runCli, type AnyCommand } from '../runner/cli/index.js';
import { lazyCommand } from '../runner/cli/lazy.js';

export const productCommands: AnyCommand[] = [
  lazyCommand({ command: 'demo', describe: 'Simulated store → ingest → build with tests → summary, all on embedded DuckDB' }, async () => (await import('./demo.js')).demoCommand),
  lazyCommand({ command: 'ingest', describe: 'Pull customers, orders (with lines, transactions, refunds, discounts) and products from Shopify into raw tables' }, async () => (await import('../ingest/cli/index.js')).ingestCommand),
  lazyCommand({ command: 'simulate', describe: 'Run a local Shopify Admin API simulator with a synthetic store' }, async () => (await import('../ingest/simulator/command.js')).simulateCommand),
  lazyCommand({ command: 'listen', describe: 'Receive Shopify webhooks (verified, journaled, micro-batched) into the raw tables' }, async () => (await import('../ingest/webhooks/command.js')).listenCommand),
  lazyCommand({ command: 'credentials <action> <provider>', describe: 'Store warehouse-source credentials encrypted on disk (provider: shopify)' }, async () => (await import('../ingest/cli/index.js')).credentialsCommand),
  lazyCommand({ command: 'fit', describe: 'Fit BG/NBD (or Pareto/NBD, MBG/NBD) + Gamma-Gamma on a transaction file and write per-customer predictions' }, async () => (await import('../stats/cli/fit.js')).fitCommand),
  lazyCommand({ command: 'export <model>', describe: 'Write a built model or seed to a CSV or Parquet file with the warehouse’s own writer' }, async () => (await import('../runner/export.js')).exportCommand),
  lazyCommand({ command: 'setup-snowflake', describe: 'Print (default) or apply the Snowflake roles, warehouses, databases and grants clv expects' }, async () => (await import('../runner/adapters/snowflake/setup.js')).setupSnowflakeCommand),
  lazyCommand({ command: 'docs <command>', describe: 'Generate or serve the documentation site' }, async () => (await import('../report/command.js')).clvDocsCommand),
];

function packageVersion(): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version;
  } catch {
    return undefined;
  }
}

export function main(argv: string[]): Promise<number> {
  return runCli(argv, productCommands, packageVersion());
}
