// JSON Schema of the YAML files beside models (dbt "properties" files, `version: 2`).
import { anyObject, strictObject, stringList, stringOrList, type JsonSchema } from './common.js';

/** A data test: `not_null`, or `{ unique: { config: {...} } }`, or `{ accepted_values: { values: [...] } }`. */
const testEntry: JsonSchema = {
  anyOf: [
    { type: 'string' },
    { type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: { type: ['object', 'null'] } },
  ],
};
const testList: JsonSchema = { type: ['array', 'null'], items: testEntry };

const column: JsonSchema = strictObject(
  {
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    data_type: { type: ['string', 'null'] },
    tests: testList,
    data_tests: testList,
    meta: anyObject,
    tags: stringOrList,
    quote: { type: ['boolean', 'null'] },
    constraints: { type: 'array' },
    policy_tags: stringList,
    config: anyObject,
    granularity: { type: 'string' },
    docs: anyObject,
  },
  ['name'],
);
const columns: JsonSchema = { type: ['array', 'null'], items: column };

const common = {
  name: { type: 'string' },
  description: { type: ['string', 'null'] },
  config: anyObject,
  columns,
  tests: testList,
  data_tests: testList,
  meta: anyObject,
  tags: stringOrList,
  docs: anyObject,
};

const model: JsonSchema = strictObject(
  {
    ...common,
    access: { type: 'string' },
    group: { type: 'string' },
    constraints: { type: 'array' },
    latest_version: { type: ['string', 'number'] },
    versions: { type: 'array' },
    deprecation_date: {},
    time_spine: anyObject,
  },
  ['name'],
);

const seed: JsonSchema = strictObject(common, ['name']);

const sourceTable: JsonSchema = strictObject(
  {
    ...common,
    identifier: { type: 'string' },
    loaded_at_field: { type: ['string', 'null'] },
    freshness: { type: ['object', 'null'] },
    quoting: anyObject,
    external: anyObject,
  },
  ['name'],
);

const source: JsonSchema = strictObject(
  {
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    database: { type: 'string' },
    schema: { type: 'string' },
    loader: { type: 'string' },
    loaded_at_field: { type: ['string', 'null'] },
    freshness: { type: ['object', 'null'] },
    meta: anyObject,
    tags: stringOrList,
    config: anyObject,
    quoting: anyObject,
    overrides: { type: 'string' },
    tables: { type: ['array', 'null'], items: sourceTable },
  },
  ['name'],
);

const ignoredList: JsonSchema = { type: ['array', 'null'] };

export const schemaYmlSchema: JsonSchema = strictObject({
  version: { type: ['integer', 'string'] },
  models: { type: ['array', 'null'], items: model },
  seeds: { type: ['array', 'null'], items: seed },
  sources: { type: ['array', 'null'], items: source },
  macros: ignoredList,
  exposures: ignoredList,
  metrics: ignoredList,
  semantic_models: ignoredList,
  saved_queries: ignoredList,
  snapshots: { type: ['array', 'null'], items: model },
  analyses: ignoredList,
  unit_tests: ignoredList,
  groups: ignoredList,
  data_tests: ignoredList,
});
