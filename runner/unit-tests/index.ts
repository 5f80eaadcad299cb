// Adds the project's unit tests to a compiled manifest. Runs right after compile (runner/api.ts hook): the
// only I/O is reading CSV fixtures; a spec with vars/macros overrides gets its model recompiled under them.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Dialect } from '../adapters/adapter.js';
import type { CompileCache } from '../compile/index.js';
import { compile as compileManifest } from '../compile/index.js';
import type { Manifest, ModelNode, TestNode } from '../manifest.js';
import type { LoadedProject } from '../project/types.js';
import { compileUnitTest, type UnitCompileContext } from './compile.js';
import { parseUnitTests, type UnitTestSpec } from './spec.js';

export { parseUnitTests } from './spec.js';
export { compileUnitTest } from './compile.js';

export interface UnitTestOptions {
  dialect: Dialect;
  vars?: Record<string, unknown>;
  cache?: CompileCache;
  env?: Record<string, string | undefined>;
}

/** <test-path>/fixtures/<name>.csv|.sql, read as text (the pure compile step parses it). Keyed by name and
 * by name.format, so a csv and a sql fixture of the same name stay apart (dbt picks by the given format). */
export async function readFixtures(project: LoadedProject): Promise<UnitCompileContext['fixtures']> {
  const fixtures: UnitCompileContext['fixtures'] = {};
  for (const testPath of project.config.testPaths) {
    const dir = path.join(project.root, testPath, 'fixtures');
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const format = name.endsWith('.csv') ? 'csv' : name.endsWith('.sql') ? 'sql' : undefined;
      if (!format) continue;
      const fixture = { format, text: await readFile(path.join(dir, name), 'utf8') } as const;
      fixtures[name] = fixture;
      fixtures[name.slice(0, -4)] ??= fixture;
    }
  }
  return fixtures;
}

/** A macro file redefining each overridden macro to return its given SQL text (dbt's overrides.macros). */
export function overrideMacros(macros: Record<string, unknown>): string {
  return Object.entries(macros)
    .filter(([name]) => name !== 'is_incremental' && /^[A-Za-z_]\w*$/.test(name))
    .map(([name, value]) => `{% macro ${name}() %}${String(value)}{% endmacro %}`)
    .join('\n');
}

/** The project's files with the overridden macros' definitions cut out (a name may be defined once). */
function withoutMacros(project: LoadedProject, names: string[]): LoadedProject['files'] {
  const inMacroPath = (file: string) => project.config.macroPaths.some((dir) => file.startsWith(`${dir}/`));
  return project.files.map((file) => {
    if (!inMacroPath(file.path) || !file.path.endsWith('.sql')) return file;
    let contents = file.contents;
    for (const name of names) {
      contents = contents.replace(new RegExp(`\\{%-?\\s*macro\\s+${name}\\s*\\([\\s\\S]*?\\{%-?\\s*endmacro\\s*-?%\\}`, 'g'), '');
    }
    return contents === file.contents ? file : { ...file, contents };
  });
}

export function unitTestNodes(project: LoadedProject, manifest: Manifest, fixtures: UnitCompileContext['fixtures'], options: UnitTestOptions): TestNode[] {
  return compileUnitTests(project, manifest, fixtures, options).tests;
}

/** The unit test nodes, and the env_var() names read by the models a spec's overrides recompiled (the compile
 * of the project may not have read them: a reused result must check them too). */
export function compileUnitTests(project: LoadedProject, manifest: Manifest, fixtures: UnitCompileContext['fixtures'], options: UnitTestOptions): { tests: TestNode[]; envNames: string[] } {
  const specs = parseUnitTests(project.files.filter((f) => project.config.modelPaths.some((dir) => f.path.startsWith(`${dir}/`))));
  if (specs.length === 0) return { tests: [], envNames: [] };
  const envNames = new Set<string>();
  const recompiled = new Map<string, Manifest>();
  const codeUnderOverrides = (spec: UnitTestSpec, model: ModelNode): ModelNode | undefined => {
    const macros = overrideMacros(spec.overrides.macros);
    if (Object.keys(spec.overrides.vars).length === 0 && !macros) return undefined;
    const key = JSON.stringify([spec.overrides.vars, macros]);
    let overridden = recompiled.get(key);
    if (!overridden) {
      const macroDir = project.config.macroPaths[0] ?? 'macros';
      const files = macros ? [...withoutMacros(project, Object.keys(spec.overrides.macros)), { path: `${macroDir}/zz_clv_unit_test_overrides.sql`, contents: macros }] : project.files;
      const compiled = compileManifest({ ...project, files }, { dialect: options.dialect, vars: { ...(options.vars ?? {}), ...spec.overrides.vars }, cache: options.cache, env: options.env });
      for (const name of Object.keys(compiled.cache.result?.envVars ?? {})) envNames.add(name);
      overridden = compiled.manifest;
      recompiled.set(key, overridden);
    }
    const node = overridden.nodes[model.unique_id];
    return node?.resource_type === 'model' ? node : undefined;
  };
  const ctx: UnitCompileContext = {
    manifest,
    quoteIdentifier: (n) => options.dialect.quoteIdentifier(n),
    renderRelation: (r) => options.dialect.renderRelation(r),
    fixtures,
    codeUnderOverrides,
  };
  const tests = specs.map((spec) => compileUnitTest(spec, ctx));
  return { tests, envNames: [...envNames] };
}

/** The manifest plus unit test nodes (a new object: the compile cache keeps the manifest it returned). */
export function withUnitTestNodes(manifest: Manifest, tests: TestNode[]): Manifest {
  if (tests.length === 0) return manifest;
  const nodes = { ...manifest.nodes };
  const parent_map = { ...manifest.parent_map };
  const child_map = { ...manifest.child_map };
  for (const test of tests) {
    nodes[test.unique_id] = test;
    parent_map[test.unique_id] = [...test.depends_on.nodes];
    child_map[test.unique_id] = [];
    for (const parent of test.depends_on.nodes) child_map[parent] = [...(child_map[parent] ?? []), test.unique_id];
  }
  return { ...manifest, nodes, parent_map, child_map };
}
