// Composition root: the generic runner commands plus the product's own commands (ingest, simulate, fit,
// demo), added here as their folders land. Nothing in runner/ imports from this file.
import { readFileSync } from 'node:fs';
import { runCli, type AnyCommand } from '../runner/cli/index.js';
import { clvDocsCommand } from '../report/command.js';
import { exportCommand } from '../runner/export.js';
import { setupSnowflakeCommand } from '../runner/adapters/snowflake/setup.js';
import { credentialsCommand, ingestCommand } from '../ingest/cli/index.js';
import { simulateCommand } from '../ingest/simulator/command.js';
import { listenCommand } from '../ingest/webhooks/command.js';
import { fitCommand } from '../stats/cli/fit.js';
import { demoCommand } from './demo.js';

const productCommands: AnyCommand[] = [
  demoCommand,
  ingestCommand,
  simulateCommand,
  listenCommand,
  credentialsCommand,
  fitCommand,
  exportCommand,
  setupSnowflakeCommand,
  clvDocsCommand,
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
