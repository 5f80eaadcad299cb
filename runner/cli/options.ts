// Flags shared by the runner commands, named as in dbt so muscle memory works.
import type { Argv } from 'yargs';
import type { InvocationOptions } from '../api.js';
import type { ResourceType } from '../manifest.js';
import type { IndirectSelection } from '../plan/types.js';
import { UsageError } from '../errors.js';
import { parseVars } from './vars.js';

export interface CommonArgs {
  projectDir?: string;
  target?: string;
  vars?: string;
  targetPath?: string;
  select?: string[];
  exclude?: string[];
  selector?: string;
  resourceType?: string[];
  excludeResourceType?: string[];
  indirectSelection?: string;
  storeFailures?: boolean;
  fullRefresh?: boolean;
  empty?: boolean;
  threads?: number;
  failFast?: boolean;
  state?: string;
  defer?: boolean;
}

export function withProject<T>(y: Argv<T>) {
  return y
    .option('project-dir', { type: 'string', describe: 'Project root (folder with project.yml or dbt_project.yml)', default: undefined })
    .option('target', { alias: 't', type: 'string', describe: 'Target name from project.yml targets or profiles.yml outputs' })
    .option('vars', { type: 'string', describe: "YAML/JSON mapping of project vars, e.g. '{start_date: 2024-01-01}'" })
    .option('target-path', { type: 'string', describe: 'Folder for artifacts, compiled SQL and caches (default: $CLV_TARGET_PATH, $DBT_TARGET_PATH, target-path in project.yml, else target)' });
}

export function withSelection<T>(y: Argv<T>) {
  return y
    // -m / --models: dbt's older spelling of --select, still in many READMEs and scripts.
    .option('select', { alias: ['s', 'models', 'm'], type: 'string', array: true, describe: 'Node selection (m, +m, m+, 2+m, tag:x, path:x, config.materialized:x, a,b)' })
    .option('indirect-selection', { type: 'string', choices: ['eager', 'cautious', 'buildable', 'empty'], describe: 'Which tests of the selected nodes run too (default eager: every test touching one; $DBT_INDIRECT_SELECTION)' })
    .option('exclude', { type: 'string', array: true, describe: 'Nodes to leave out, same syntax as --select' })
    .option('selector', { type: 'string', describe: 'Named selector from selectors.yml' })
    // clv framework (slim CI)
    .option('state', { type: 'string', describe: 'Folder with a previous manifest.json, for state:modified / state:new selectors and --defer' })
    .option('defer', { type: 'boolean', describe: 'Read unselected upstream nodes the target lacks from the --state manifest\'s relations' });
}

export function withExecution<T>(y: Argv<T>) {
  return y
    .option('full-refresh', { type: 'boolean', describe: 'Rebuild incremental models and seeds from scratch' })
    .option('empty', { type: 'boolean', describe: 'Read every ref() and source() as zero rows (dbt --empty): builds the schemas and checks the SQL in seconds' })
    .option('threads', { type: 'number', describe: 'Nodes built at once (default: the target threads)' })
    .option('fail-fast', { alias: 'x', type: 'boolean', describe: 'Stop scheduling new nodes after the first failure' })
    .option('resource-type', { type: 'string', array: true, choices: RESOURCE_TYPES, describe: 'Only these resource types (e.g. build --resource-type model seed)' })
    .option('store-failures', { type: 'boolean', describe: 'Keep every data test\'s failing rows in a table (<schema>_dbt_test__audit.<test>), as store_failures: true' })
    .option('exclude-resource-type', { type: 'string', array: true, choices: RESOURCE_TYPES, describe: 'Leave these resource types out (e.g. build --exclude-resource-type test)' });
}

const RESOURCE_TYPES = ['model', 'seed', 'test', 'snapshot', 'analysis'];

/** --resource-type, or every executable type but --exclude-resource-type's. */
function resourceTypesOf(argv: CommonArgs): ResourceType[] | undefined {
  if (argv.resourceType?.length) return argv.resourceType as ResourceType[];
  if (!argv.excludeResourceType?.length) return undefined;
  return RESOURCE_TYPES.filter((type) => !argv.excludeResourceType!.includes(type)) as ResourceType[];
}

// clv lineage: OpenLineage emission of run/build/seed/test. OPENLINEAGE_URL (+ _ENDPOINT, _API_KEY,
// _NAMESPACE) configure it too, as for the OpenLineage clients; the API key has no flag (it would land in
// shell history and process lists).
export interface OpenLineageArgs {
  openlineageFile?: string;
  openlineageUrl?: string;
}

export function withOpenLineage<T>(y: Argv<T>) {
  return y
    .option('openlineage-file', { type: 'string', describe: 'Append OpenLineage RunEvents (START, COMPLETE/FAIL per model and seed; JSON lines) to this file' })
    .option('openlineage-url', { type: 'string', describe: 'POST OpenLineage RunEvents to <url>/api/v1/lineage (default: $OPENLINEAGE_URL; key: $OPENLINEAGE_API_KEY)' });
}

function threadsOf(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`--threads must be a whole number of at least 1, got ${String(value)}`, { hint: 'e.g. --threads 4' });
  }
  return value;
}

export function toInvocation(argv: CommonArgs): InvocationOptions {
  return {
    projectDir: argv.projectDir,
    target: argv.target,
    vars: parseVars(argv.vars),
    targetPath: argv.targetPath,
    select: argv.select,
    exclude: argv.exclude,
    selector: argv.selector,
    resourceTypes: resourceTypesOf(argv),
    storeFailures: argv.storeFailures,
    indirectSelection: (argv.indirectSelection ?? (process.env.DBT_INDIRECT_SELECTION || undefined)) as IndirectSelection | undefined,
    fullRefresh: argv.fullRefresh,
    empty: argv.empty,
    threads: threadsOf(argv.threads),
    failFast: argv.failFast,
    state: argv.state,
    defer: argv.defer,
    args: Object.fromEntries(
      Object.entries({ store_failures: argv.storeFailures, select: argv.select, exclude: argv.exclude, target: argv.target, target_path: argv.targetPath, full_refresh: argv.fullRefresh, empty: argv.empty, threads: argv.threads, fail_fast: argv.failFast, vars: argv.vars, state: argv.state, defer: argv.defer }).filter(([, v]) => v !== undefined),
    ),
  };
}
