// JSON Schema of our own project.yml. Paths, vars and folder config mean what they mean in dbt_project.yml;
// `targets` replaces dbt's separate profiles.yml.
import { configTree, strictObject, stringList, anyObject, type JsonSchema } from './common.js';

export const targetSchema: JsonSchema = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { type: 'string' },
    path: { type: 'string' },
    schema: { type: 'string' },
    database: { type: 'string' },
    threads: { type: ['integer', 'string'] },
  },
  // Adapters take many engine-specific keys (account, user, warehouse, extensions...).
  additionalProperties: true,
};

export const projectSchema: JsonSchema = strictObject(
  {
    name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
    version: { type: ['string', 'number'] },
    'model-paths': stringList,
    'macro-paths': stringList,
    'seed-paths': stringList,
    'test-paths': stringList,
    'docs-paths': stringList,
    'snapshot-paths': stringList,
    'target-path': { type: 'string' },
    'clean-targets': stringList,
    vars: anyObject,
    models: configTree,
    seeds: configTree,
    tests: configTree,
    data_tests: configTree,
    sources: configTree,
    snapshots: configTree,
    targets: {
      type: 'object',
      properties: { default: { type: 'string' } },
      additionalProperties: targetSchema,
    },
  },
  ['name'],
);
