// Composition root: the generic runner commands plus the product's own commands (ingest, simulate, fit,
// demo), added here as their folders land. Nothing in runner/ imports from this file.
import { readFileSync } from 'node:fs';
import { runCli, type AnyCommand } from '../runner/cli/index.js';
import { clvDocsCommand } from '../report/command.js';

const productCommands: AnyCommand[] = [];
productCommands.push(clvDocsCommand);

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
