// Reading project.yml (ours) or, when absent, dbt_project.yml + profiles.yml, into one ProjectConfig.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProjectError } from '../errors.js';
import { IGNORED_DBT_KEYS, dbtProjectSchema } from './schemas/dbt-project.js';
import { profilesSchema } from './schemas/profiles.js';
import { projectSchema } from './schemas/project.js';
import { renderYamlValues } from './render-yaml.js';
import { chooseTarget, defaultDuckdbTarget, type TargetChoice } from './targets.js';
import { parseAndValidate } from './validate.js';
import type { ProjectConfig } from './types.js';

export interface ProjectFileResult extends TargetChoice {
  config: ProjectConfig;
  warnings: string[];
}

interface Options {
  target?: string;
  vars?: Record<string, unknown>;
  env: Record<string, string | undefined>;
}

type Raw = Record<string, unknown>;

export async function readProjectFile(root: string, options: Options): Promise<ProjectFileResult> {
  const ours = await readIfExists(path.join(root, 'project.yml'));
  if (ours !== undefined) return readOurs(root, ours, options);
  const dbt = await readIfExists(path.join(root, 'dbt_project.yml'));
  if (dbt !== undefined) return readDbt(root, dbt, options);
  throw new ProjectError(`no project.yml or dbt_project.yml in ${root}`, {
    hint: 'Run clv from the project folder, or pass --project-dir. A minimal project.yml is `name: my_project`.',
  });
}

async function readOurs(root: string, text: string, options: Options): Promise<ProjectFileResult> {
  const file = 'project.yml';
  const raw = parseAndValidate(text, file, projectSchema).value as Raw;
  const vars = mergeVars(raw, options.vars);
  const rendered = renderYamlValues(raw, { file, env: options.env, vars });
  const config = toConfig(rendered, file, vars, { testPaths: ['tests/data'] });
  const { default: defaultName, ...blocks } = (rendered.targets ?? {}) as Raw;
  const targets = blocks as Record<string, Raw>;
  if (Object.keys(targets).length === 0) targets.duckdb = defaultDuckdbTarget(root, config.name);
  const fallback = typeof defaultName === 'string' ? defaultName : 'duckdb' in targets ? 'duckdb' : Object.keys(targets)[0]!;
  return { config, warnings: [], ...chooseTarget(targets, options.target, fallback, { root, file }) };
}

async function readDbt(root: string, text: string, options: Options): Promise<ProjectFileResult> {
  const file = 'dbt_project.yml';
  const raw = parseAndValidate(text, file, dbtProjectSchema).value as Raw;
  const vars = mergeVars(raw, options.vars);
  const name = String(raw.name);
  const warnings: string[] = [];
  // The profile first, as dbt reads it: the project file's Jinja may read `target`.
  const profile = String(renderYamlValues({ profile: raw.profile ?? name }, { file, env: options.env, vars }).profile);
  const choice = await readProfile(root, profile, name, options, warnings);
  const target = { ...choice.target, profile_name: profile, target_name: choice.target.name };
  const rendered = renderYamlValues(raw, { file, env: options.env, vars, target });
  // config-version / require-dbt-version say nothing worth a warning; packages-install-path is read by packages.ts
  warnings.push(...IGNORED_DBT_KEYS.filter((key) => key in raw && !['config-version', 'require-dbt-version', 'packages-install-path', 'on-run-start', 'on-run-end', 'analysis-paths'].includes(key)).map(
    (key) => `${file}: '${key}' has no effect in clv yet and is ignored`,
  ));
  const config = toConfig(rendered, file, vars, {
    testPaths: ['tests'],
    modelPaths: (rendered['source-paths'] as string[] | undefined) ?? ['models'],
    seedPaths: (rendered['data-paths'] as string[] | undefined) ?? ['seeds'],
  });
  return { config, warnings, ...choice };
}

/** dbt looks for profiles.yml in --profiles-dir / $DBT_PROFILES_DIR, then the project folder, the current
 * folder (dbt run from elsewhere with --project-dir), then ~/.dbt. */
async function readProfile(root: string, profile: string, projectName: string, options: Options, warnings: string[]): Promise<TargetChoice> {
  const dirs = [...new Set([options.env.DBT_PROFILES_DIR, root, process.cwd(), path.join(os.homedir(), '.dbt')].filter((dir): dir is string => !!dir))];
  for (const dir of dirs) {
    const location = path.join(dir, 'profiles.yml');
    const text = await readIfExists(location);
    if (text === undefined) continue;
    const file = path.relative(root, location).split(path.sep).join('/') || 'profiles.yml';
    const raw = parseAndValidate(text, file, profilesSchema).value as Raw;
    const block = raw[profile] as Raw | undefined;
    if (!block) {
      throw new ProjectError(`profile '${profile}' is not defined in ${file}`, {
        location: { file },
        hint: `Profiles there: ${Object.keys(raw).filter((key) => key !== 'config').join(', ') || '(none)'}. Set 'profile:' in dbt_project.yml.`,
      });
    }
    // As dbt does, only the chosen output is rendered: another output's env_var() (a MotherDuck token, a
    // prod password) need not be set to build dev.
    const context = { file, env: options.env, vars: options.vars ?? {} };
    const outputs = { ...((block.outputs ?? {}) as Record<string, Raw>) };
    const defaultName = String(renderYamlValues({ target: block.target ?? 'dev' }, context).target);
    // $DBT_TARGET is --target's environment spelling in dbt.
    const requested = options.target ?? (options.env.DBT_TARGET || undefined);
    const name = requested ?? defaultName;
    if (outputs[name]) outputs[name] = renderYamlValues(outputs[name]!, context);
    return chooseTarget(outputs, requested, defaultName, { root, file });
  }
  warnings.push(`no profiles.yml found (looked in ${dirs.join(', ')}); using a local DuckDB file ${projectName}.duckdb`);
  return chooseTarget({ dev: defaultDuckdbTarget(root, projectName) }, options.target, 'dev', { root, file: 'profiles.yml' });
}

/** Project vars (global and scoped under the project's name, as dbt allows), overridden by --vars. */
function mergeVars(raw: Raw, cliVars: Record<string, unknown> | undefined): Record<string, unknown> {
  const declared = (raw.vars ?? {}) as Raw;
  const scoped = declared[String(raw.name)];
  const scopedVars = scoped && typeof scoped === 'object' && !Array.isArray(scoped) ? (scoped as Raw) : {};
  const globals = Object.fromEntries(Object.entries(declared).filter(([key]) => key !== raw.name));
  return { ...globals, ...scopedVars, ...(cliVars ?? {}) };
}

function toConfig(raw: Raw, configFile: string, vars: Record<string, unknown>, defaults: { testPaths: string[]; modelPaths?: string[]; seedPaths?: string[] }): ProjectConfig {
  const list = (key: string, fallback: string[]) => (raw[key] as string[] | undefined) ?? fallback;
  const targetPath = (raw['target-path'] as string | undefined) ?? 'target';
  const clean = raw['clean-targets'];
  return {
    name: String(raw.name),
    version: String(raw.version ?? '1.0.0'),
    configFile,
    modelPaths: list('model-paths', defaults.modelPaths ?? ['models']),
    macroPaths: list('macro-paths', ['macros']),
    seedPaths: list('seed-paths', defaults.seedPaths ?? ['seeds']),
    testPaths: list('test-paths', defaults.testPaths),
    docsPaths: list('docs-paths', []),
    snapshotPaths: list('snapshot-paths', ['snapshots']),
    analysisPaths: list('analysis-paths', ['analyses']),
    targetPath,
    cleanTargets: typeof clean === 'string' ? [clean] : ((clean as string[] | undefined) ?? [targetPath]),
    vars,
    models: (raw.models ?? {}) as Raw,
    seeds: (raw.seeds ?? {}) as Raw,
    tests: { ...((raw.tests ?? {}) as Raw), ...((raw.data_tests ?? {}) as Raw) },
    sources: (raw.sources ?? {}) as Raw,
    snapshots: (raw.snapshots ?? {}) as Raw,
    ...runHooks(raw),
  };
}

/** on-run-start / on-run-end as lists (dbt takes a string or a list), only when the project has them. */
function runHooks(raw: Raw): { onRunStart?: string[]; onRunEnd?: string[] } {
  const list = (value: unknown) => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]).map(String).filter((sql) => sql.trim() !== '');
  const start = list(raw['on-run-start']);
  const end = list(raw['on-run-end']);
  return { ...(start.length ? { onRunStart: start } : {}), ...(end.length ? { onRunEnd: end } : {}) };
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
