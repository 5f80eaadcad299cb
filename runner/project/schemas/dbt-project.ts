// JSON Schema of dbt_project.yml (dbt 1.x). Keys that have no effect in clv are accepted so an existing
// dbt project runs unchanged; the loader warns about them (see IGNORED_DBT_KEYS).
import { anyObject, configTree, strictObject, stringList, stringOrList, type JsonSchema } from './common.js';

/** Accepted, but clv does nothing with them yet. */
export const IGNORED_DBT_KEYS = [
  'config-version', 'require-dbt-version', 'quoting', 'on-run-start', 'on-run-end', 'analysis-paths',
  'asset-paths', 'log-path', 'packages-install-path', 'metrics',
  'semantic-models', 'saved-queries', 'exposures', 'dispatch', 'restrict-access', 'query-comment', 'flags',
  'dbt-cloud', 'unit_tests',
] as const;

const ignored: Record<string, JsonSchema> = Object.fromEntries(IGNORED_DBT_KEYS.map((key) => [key, {}]));

export const dbtProjectSchema: JsonSchema = strictObject(
  {
    name: { type: 'string' },
    version: { type: ['string', 'number'] },
    profile: { type: 'string' },
    'model-paths': stringList,
    'source-paths': stringList,
    'macro-paths': stringList,
    'seed-paths': stringList,
    'data-paths': stringList,
    'test-paths': stringList,
    'docs-paths': stringList,
    'snapshot-paths': stringList,
    'target-path': { type: 'string' },
    'clean-targets': stringOrList,
    vars: anyObject,
    models: configTree,
    seeds: configTree,
    tests: configTree,
    data_tests: configTree,
    sources: configTree,
    snapshots: configTree,
    ...ignored,
  },
  ['name'],
);
