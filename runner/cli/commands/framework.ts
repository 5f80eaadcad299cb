// The framework-depth commands (issue 9), listed once so runner/cli/index.ts needs a single line. Each is
// loaded when it runs (see ../lazy.ts): `clv show` pulls in DuckDB, `clv lineage` a WebAssembly SQL parser.
import type { AnyCommand } from '../index.js';
import { lazyCommand } from '../lazy.js';

export const frameworkCommands: AnyCommand[] = [
  lazyCommand({ command: 'retry', describe: 'Re-run only the nodes that failed or were skipped in the last invocation' }, async () => (await import('./retry.js')).retryCommand),
  lazyCommand({ command: 'show', describe: "Preview a node's rows (or an inline query's) as a table, without building anything" }, async () => (await import('./show.js')).showCommand),
  lazyCommand({ command: 'source <command>', describe: 'Commands about sources (freshness)' }, async () => (await import('./source.js')).sourceCommand),
  lazyCommand({ command: 'init [dir]', describe: 'Create a new project (DuckDB target, an example seed, staging view, mart table and tests)' }, async () => (await import('./init.js')).initCommand),
  // clv lineage
  lazyCommand({ command: 'lineage [column]', describe: 'Column-level lineage: upstream and downstream column paths of <model>.<column>' }, async () => (await import('./lineage.js')).lineageCommand),
];
