// `clv demo`: the main job in one command, on the embedded default. Starts the Shopify simulator on a free
// loopback port, ingests it into a fresh DuckDB file through the real Admin API client, builds every model
// with its tests, prints what was built and how to look at it, and stops the simulator.
// It lives in the composition root because it is the one place that knows both ingest/ and runner/.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv, CommandModule } from 'yargs';
import { DuckDBInstance } from '../runner/adapters/duckdb/bindings.js';
import { startSimulator } from '../ingest/simulator/index.js';
import { PLAN_LIMITS, type Plan } from '../ingest/simulator/cost.js';
import { runIngest, formatSummary } from '../ingest/cli/index.js';
import { build } from '../runner/api.js';
import { loggerOf, setExitCode } from '../runner/cli/context.js';
import type { Logger } from '../runner/log/logger.js';
import { UsageError } from '../runner/errors.js';
import type { RunResults } from '../runner/run/types.js';

interface DemoArgs {
  customers: number;
  seed: number;
  plan: Plan;
  database: string;
  projectDir?: string;
  targetPath?: string;
  threads?: number;
}

/** The relations a store owner looks at first, with the question each answers. */
const HEADLINE_MARTS: Array<[string, string]> = [
  ['customers', 'one row per customer: orders, net revenue, tenure'],
  ['customer_rfm', 'RFM scores and segment per customer'],
  ['cohort_retention', 'retention by first-order month'],
  ['customer_clv', 'predicted 12-month CLV and P(alive) per customer'],
  ['customer_churn_risk', 'churn risk band and revenue at risk'],
  ['revenue_forecast', 'next-quarter revenue forecast'],
  ['product_performance', 'units, revenue, refund rate per variant'],
  ['marketing_performance', 'value of customers per channel and discount code'],
];

function tally(results: RunResults): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results.results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

async function martRowCounts(database: string): Promise<Array<{ relation: string; rows: number; about: string }>> {
  const instance = await DuckDBInstance.create(database, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const listed = await connection.runAndReadAll(
      `select table_schema, table_name from information_schema.tables where table_schema not in ('raw_shopify', 'information_schema') and table_catalog = current_database()`,
    );
    const where = new Map<string, string>();
    for (const [schema, name] of listed.getRows() as Array<[string, string]>) if (!where.has(name)) where.set(name, `${schema}.${name}`);
    const counts = [];
    for (const [name, about] of HEADLINE_MARTS) {
      const relation = where.get(name);
      if (!relation) continue;
      const reader = await connection.runAndReadAll(`select count(*)::bigint as n from ${relation}`);
      counts.push({ relation, rows: Number(reader.getRows()[0]![0]), about });
    }
    return counts;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The Shopify CLV project this package ships (models/, macros/, project.yml at the package root). */
const bundledProject = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const hasProject = (dir: string): boolean => existsSync(join(dir, 'project.yml')) || existsSync(join(dir, 'dbt_project.yml'));

/**
 * --project-dir, else the current folder when it holds a project, else the bundled one: `clv demo` works
 * from any folder. With the bundled project the database and artifacts go under the current folder, never
 * into the installed package. Checked before the ingest, so a wrong folder fails in a second, not after it.
 */
function demoProject(argv: DemoArgs, logger: Logger): { projectDir: string; database: string; targetPath?: string } {
  const chosen = argv.projectDir ?? (hasProject(process.cwd()) ? process.cwd() : undefined);
  if (chosen !== undefined) {
    const projectDir = resolve(chosen);
    if (!hasProject(projectDir)) throw new UsageError(`no project.yml or dbt_project.yml in ${projectDir}`, { hint: 'Pass --project-dir with a clv or dbt project, or run clv demo without it to build the bundled Shopify CLV project.' });
    return { projectDir, database: resolve(projectDir, argv.database), targetPath: argv.targetPath };
  }
  logger.info(`No project in ${process.cwd()}: building the bundled Shopify CLV project (${bundledProject})`);
  return { projectDir: bundledProject, database: resolve(argv.database), targetPath: resolve(argv.targetPath ?? 'target') };
}

async function demo(argv: DemoArgs, logger: Logger): Promise<number> {
  const { projectDir, database, targetPath } = demoProject(argv, logger);
  await mkdir(dirname(database), { recursive: true });
  for (const suffix of ['', '.wal']) await rm(`${database}${suffix}`, { force: true });

  logger.info(`Starting the Shopify simulator: ${argv.customers} customers, seed ${argv.seed}, ${PLAN_LIMITS[argv.plan].displayName} plan`);
  const simulator = await startSimulator({ customers: argv.customers, seed: argv.seed, port: 0, plan: argv.plan });
  try {
    logger.info(`Simulated store at ${simulator.url}; ingesting into ${relative(process.cwd(), database) || database}`);
    const summary = await runIngest({
      shop: simulator.shop,
      accessToken: simulator.accessToken,
      apiVersion: simulator.apiVersion,
      database,
      tty: false,
    });
    for (const line of formatSummary(summary).split('\n')) logger.info(line);
  } finally {
    await simulator.close();
  }

  // The project's DuckDB target reads its path from CLV_DUCKDB_PATH (project.yml), so the build lands
  // next to the raw tables without touching a database the user may have elsewhere.
  process.env.CLV_DUCKDB_PATH = database;
  const result = await build({
    projectDir,
    targetPath,
    threads: argv.threads,
    onEvent: (event, manifest) => logger.event(event, manifest.nodes),
    onWarning: (message) => logger.warn(message),
    args: { which: 'demo' },
  });

  const counts = tally(result.results);
  logger.info('');
  logger.info(`Demo finished: ${Object.entries(counts).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  for (const mart of await martRowCounts(database)) {
    logger.info(`  ${mart.relation.padEnd(34)} ${String(mart.rows).padStart(8)} rows  ${mart.about}`);
  }
  const shown = relative(process.cwd(), database) || database;
  logger.info(`The database is ${shown}. Query it with the DuckDB CLI, e.g.:`);
  logger.info(`  duckdb ${shown} "select segment, count(*) from customer_rfm group by 1 order by 2 desc"`);
  const project = relative(process.cwd(), projectDir);
  logger.info(`or through the project: CLV_DUCKDB_PATH=${shown} clv show${project ? ` --project-dir ${project}` : ''} --inline "select * from {{ ref('customer_clv') }}"`);
  return result.success ? 0 : 1;
}

export const demoCommand: CommandModule<object, DemoArgs> = {
  command: 'demo',
  describe: 'Simulated store → ingest → build with tests → summary, all on embedded DuckDB',
  builder: (y: Argv<object>) =>
    y
      .option('customers', { type: 'number', default: 2000, describe: 'Size of the simulated store' })
      .option('seed', { type: 'number', default: 42, describe: 'Seed of the simulated store (same seed, same store)' })
      // Shopify Plus: its cost bucket restores 10x faster than Basic, so the paced paginated streams of the demo
      // take seconds, not a minute and a half of waiting on the throttle (`--plan standard` shows the pacing)
      .option('plan', { choices: Object.keys(PLAN_LIMITS) as Plan[], default: 'plus' as Plan, describe: 'Shopify plan of the simulated store (sets the cost bucket)' })
      .option('database', { type: 'string', default: 'target/demo.duckdb', describe: 'DuckDB file to create (replaced if it exists)' })
      .option('project-dir', { type: 'string', describe: 'Project to build (default: the current folder if it holds one, else the bundled Shopify CLV project)' })
      .option('target-path', { type: 'string', describe: 'Artifacts folder (default: the project\'s target-path)' })
      .option('threads', { type: 'number', describe: 'Worker threads (default: the target’s)' }) as unknown as Argv<DemoArgs>,
  handler: async (argv) => {
    setExitCode(argv, await demo(argv, loggerOf(argv)));
  },
};
