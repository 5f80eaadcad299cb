// Data tests: generic tests declared in schema YAML (built-in or `{% test %}` macros) and singular tests
// (a .sql file under test-paths selecting failing rows). Names and ids follow dbt
// (`not_null_orders_order_id`, `test.<project>.<name>.<hash>`), so selection and artifacts read the same.
import { ProjectError } from '../errors.js';
import type { NodeConfig } from '../manifest.js';
import { didYouMean } from '../project/closest.js';
import { folderConfig, mergeConfig, withDefaults } from './config.js';
import { md5, sha256, stableJson } from './hash.js';
import type { DbtJinja, RenderInput } from './jinja/context.js';
import { keywords } from './jinja/kwargs.js';
import { placeholder } from './jinja/relation.js';
import { builtinTestApplies, builtinTestMacros, builtinTestSql } from './generic-tests/direct.js';
import type { Entry, Patch } from './schema-yml.js';
import { entryTests } from './schema-yml.js';

/** Test config keys that may be written beside the arguments, as dbt allows. */
const TEST_CONFIG_KEYS = new Set(['severity', 'warn_if', 'error_if', 'where', 'limit', 'store_failures', 'store_failures_as', 'tags', 'enabled', 'meta', 'alias', 'schema', 'database', 'fail_calc']);

export interface GenericTestDef {
  testName: string;
  namespace?: string;
  /** Final test name, e.g. not_null_orders_order_id (or the user's `name:`). */
  name: string;
  kwargs: Record<string, unknown>;
  config: Record<string, unknown>;
  columnName?: string;
  attachedId: string;
  attachedName: string;
  file: string;
  line?: number;
  fqn: string[];
}

export interface TestTarget {
  uniqueId: string;
  name: string;
  patch: Patch;
  /** fqn of the resource; tests live beside it. */
  fqn: string[];
}

export function genericTestDefs(target: TestTarget): GenericTestDef[] {
  const defs: GenericTestDef[] = [];
  const { entry, parsed, path, file } = target.patch;
  const add = (raw: unknown, index: number, testPath: (string | number)[], column?: Entry) => {
    const [testKey, body] = typeof raw === 'string' ? [raw, {}] : (Object.entries(raw as Entry)[0] as [string, Entry | null]);
    const args = { ...(body ?? {}) } as Entry;
    const [namespace, testName] = testKey.includes('.') ? (testKey.split('.', 2) as [string, string]) : [undefined, testKey];
    const config: Record<string, unknown> = { ...((args.config as Entry | undefined) ?? {}) };
    const kwargs: Record<string, unknown> = { ...((args.arguments as Entry | undefined) ?? {}) };
    for (const [key, value] of Object.entries(args)) {
      if (key === 'config' || key === 'arguments' || key === 'name' || key === 'description') continue;
      if (TEST_CONFIG_KEYS.has(key)) config[key] = value;
      else kwargs[key] = value;
    }
    if (column) {
      kwargs.column_name = String(column.name);
      if (column.tags) config.tags = [...new Set([...toArray(config.tags), ...toArray(column.tags)])];
    }
    const name = typeof args.name === 'string' ? args.name : niceName(namespace, testName!, target.name, kwargs);
    defs.push({ testName: testName!, namespace, name, kwargs, config, columnName: column ? String(column.name) : undefined, attachedId: target.uniqueId, attachedName: target.name, file, fqn: [...target.fqn.slice(0, -1), name],
      // Only error messages read the line; finding it for each of thousands of tests was a visible cost.
      get line() {
        return parsed.lineOf([...testPath, index]);
      },
    });
  };
  entryTests(entry).forEach((raw, index) => add(raw, index, [...path, entry.tests ? 'tests' : 'data_tests']));
  ((entry.columns as Entry[] | null) ?? []).forEach((column, columnIndex) => {
    const columnPath = [...path, 'columns', columnIndex];
    ((column.tests as unknown[] | null) ?? []).forEach((raw, index) => add(raw, index, [...columnPath, 'tests'], column));
    ((column.data_tests as unknown[] | null) ?? []).forEach((raw, index) => add(raw, index, [...columnPath, 'data_tests'], column));
  });
  return defs;
}

const toArray = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);

/** dbt's synthesized test name: test, model, then every argument flattened and made identifier-safe. */
export function niceName(namespace: string | undefined, testName: string, modelName: string, kwargs: Record<string, unknown>): string {
  const flat: string[] = [];
  for (const key of Object.keys(kwargs).sort()) {
    const value = kwargs[key];
    const parts = value && typeof value === 'object' ? Object.values(value as object) : [value];
    flat.push(...parts.map((part) => (typeof part === 'boolean' ? (part ? 'True' : 'False') : String(part)).replace(/[^0-9a-zA-Z_]+/g, '_')));
  }
  const prefix = namespace ? `${namespace}_${testName}` : testName;
  const name = [`${prefix}_${modelName}`, flat.join('__')].filter(Boolean).join('_');
  // dbt shortens very long names the same way (first 30 characters + the md5 of the full name), so a test
  // keeps the name dbt gives it: `--select`, store_failures tables and CI scripts name it alike.
  return name.length > 63 ? `${prefix}_${modelName}`.slice(0, 30) + '_' + md5(name) : name;
}

export function testConfig(def: { fqn: string[]; config: Record<string, unknown> }, tree: Record<string, unknown>, projectName: string): NodeConfig {
  const resolved = mergeConfig(mergeConfig({ severity: 'error', warn_if: '!=0', error_if: '!=0', store_failures: false, schema: 'dbt_test__audit' }, folderConfig(tree, def.fqn, projectName)), def.config);
  const config = withDefaults('test', resolved);
  config.severity = String(config.severity).toLowerCase() === 'warn' ? 'warn' : 'error';
  return config;
}

export function testUniqueId(projectName: string, def: GenericTestDef): string {
  return testKeys(projectName, def).uniqueId;
}

/**
 * The test's unique_id and the text its checksum hashes, from one stableJson of its arguments and of its
 * config (each was serialised twice per test): stableJson of an array is its items' stableJson joined, so
 * the texts are the same as stableJson([...]) of the whole.
 */
export function testKeys(projectName: string, def: GenericTestDef): { uniqueId: string; checksumText: string } {
  const kwargs = stableJson(def.kwargs);
  const config = stableJson(def.config);
  const name = JSON.stringify(def.testName);
  const hash = sha256(`[${name},${JSON.stringify(def.namespace ?? '')},${JSON.stringify(def.attachedId)},${kwargs},${config}]`).slice(0, 10);
  return { uniqueId: `test.${projectName}.${def.name}.${hash}`, checksumText: `[${name},${kwargs},${config}]` };
}

/**
 * testConfig for thousands of generic tests that mostly share a folder and a YAML config: resolved once per
 * (folders, config as written), then copied per test. The test's own name (last in its fqn) only matters when
 * the tests tree has a key of that name, and then the test is resolved on its own.
 */
export interface TestConfigResolver {
  (def: { fqn: string[]; config: Record<string, unknown> }): NodeConfig;
  /** The tests tree has a key of this name, so a test of this name is resolved on its own. */
  dependsOnName(name: string): boolean;
}

export function testConfigResolver(tree: Record<string, unknown>, projectName: string): TestConfigResolver {
  const treeKeys = new Set<string>();
  const collect = (level: unknown) => {
    if (!level || typeof level !== 'object' || Array.isArray(level)) return;
    for (const [key, value] of Object.entries(level)) {
      treeKeys.add(key);
      collect(value);
    }
  };
  collect(tree);
  const resolved = new Map<string, NodeConfig>();
  const dependsOnName = (name: string) => treeKeys.has(name) || name === '__proto__';
  const resolve = (def: { fqn: string[]; config: Record<string, unknown> }): NodeConfig => {
    const name = def.fqn[def.fqn.length - 1]!;
    if (dependsOnName(name)) return testConfig(def, tree, projectName);
    // JSON.stringify, not stableJson: key order decides how keys merge and the order they are listed in.
    const key = `${def.fqn.slice(0, -1).join('\u0000')}\u0001${JSON.stringify(def.config)}`;
    let config = resolved.get(key);
    if (!config) resolved.set(key, (config = testConfig(def, tree, projectName)));
    // Every test gets its own config (with its own tags and meta), as when resolved one by one.
    const meta = config.meta as unknown;
    return { ...config, tags: [...config.tags], meta: meta && typeof meta === 'object' && !Array.isArray(meta) ? { ...(meta as object) } : meta } as NodeConfig;
  };
  return Object.assign(resolve, { dependsOnName });
}

/** Render a generic test's SQL by calling its macro with dbt's arguments (model, column_name, ...). */
export function renderGenericTest(jinja: DbtJinja, def: GenericTestDef, input: RenderInput, config: NodeConfig) {
  const macroName = `test_${def.testName}`;
  if (!jinja.macros.has(macroName)) {
    const known = [...jinja.macros.keys()].filter((name) => name.startsWith('test_')).map((name) => name.slice(5));
    throw new ProjectError(`unknown data test '${def.namespace ? `${def.namespace}.` : ''}${def.testName}'`, {
      location: { file: def.file, line: def.line },
      hint: [didYouMean(def.testName, known), def.namespace ? 'clv does not install dbt packages yet; copy the test into macros/ as {% test ... %}.' : `Define it with {% test ${def.testName}(model, column_name) %} in macros/ or tests/generic/.`].filter(Boolean).join(' '),
    });
  }
  const { dependsOn, kwargs, model } = testArguments(jinja, def, input, config);
  const macros: string[] = [];
  const { value, out } = jinja.callMacro(macroName, [keywords({ ...kwargs, model })], input);
  for (const id of out.dependsOn) if (!dependsOn.includes(id)) dependsOn.push(id);
  macros.push(...out.macros);
  return { code: String(value ?? '').trim(), dependsOn, macros };
}

/**
 * A built-in generic test the project does not override, rendered without Nunjucks (generic-tests/direct.ts);
 * undefined when it does not apply (then renderGenericTest, whose result is worth caching).
 */
export function renderBuiltinTest(jinja: DbtJinja, def: GenericTestDef, input: RenderInput, config: NodeConfig, dialectName: string) {
  if (def.namespace || !builtinTestApplies(def.testName, jinja.macros, dialectName)) return undefined;
  const { dependsOn, kwargs, model } = testArguments(jinja, def, input, config);
  const sql = builtinTestSql(def.testName, { ...kwargs, model });
  return sql === undefined ? undefined : { code: sql.trim(), dependsOn, macros: builtinTestMacros(def.testName) };
}

function testArguments(jinja: DbtJinja, def: GenericTestDef, input: RenderInput, config: NodeConfig) {
  const dependsOn: string[] = [def.attachedId];
  const kwargs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(def.kwargs)) {
    // dbt evaluates `to: ref('customers')` / `source('s','t')` argument strings as Jinja expressions.
    if (typeof value === 'string' && /^\s*(ref|source)\s*\(.*\)\s*$/s.test(value)) {
      const out = jinja.render({ ...input, text: `{{ ${value} }}` });
      dependsOn.push(...out.dependsOn.filter((id) => !dependsOn.includes(id)));
      kwargs[key] = out.code;
    } else kwargs[key] = value;
  }
  const relation = placeholder(def.attachedId.startsWith('source.') ? 'S' : 'R', def.attachedId);
  const model = config.where ? `(select * from ${relation} where ${String(config.where)}) dbt_subquery` : relation;
  return { dependsOn, kwargs, model };
}
