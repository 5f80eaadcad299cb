// The fast paths (simple templates without Nunjucks, built-in generic tests without macro calls) must give
// exactly what the Nunjucks path gives: every fixture project is compiled both ways and compared, errors
// included (an error must still name the same file and line).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../runner/compile/index.js';
import { loadProject } from '../../runner/project/load.js';
import { writeSyntheticProject } from '../../bench/synthetic-project.js';
import { fakeDialect, fixture } from './helpers.js';

const options = { dialect: fakeDialect, generatedAt: '2024-01-01T00:00:00Z' };

const PROJECTS = [
  ['compile', 'generic_builtins'],
  ['compile', 'features'],
  ['dbt_project_duckdb'],
  ['jaffle'],
  ['e2e', 'shop'],
  ['framework', 'shop'],
  ['docs', 'shop'],
  ['typescript-models'],
];
const FAILING = [['compile', 'missing_ref'], ['compile', 'missing_var'], ['compile', 'raise_error'], ['compile', 'template_error'], ['e2e', 'broken_ref']];

async function bothWays(root: string) {
  const project = await loadProject(root, { env: {} });
  const attempt = (fastPath: boolean) => {
    try {
      const { manifest, warnings, logs } = compile(project, { ...options, fastPath });
      return { manifest, warnings, logs };
    } catch (error) {
      const { message, location, hint } = error as { message: string; location?: unknown; hint?: string };
      return { error: { message, location, hint } };
    }
  };
  return { fast: attempt(true), slow: attempt(false) };
}

describe('compile fast paths', () => {
  it('give the same manifest, warnings and logs as Nunjucks on every fixture project', async () => {
    for (const dir of PROJECTS) {
      const { fast, slow } = await bothWays(fixture(...dir));
      expect(slow.error, dir.join('/')).toBeUndefined();
      expect(fast, dir.join('/')).toEqual(slow);
    }
  });

  it('give the same errors, with the same file and line', async () => {
    for (const dir of FAILING) {
      const { fast, slow } = await bothWays(fixture(...dir));
      expect(slow.error, dir.join('/')).toBeDefined();
      expect(fast, dir.join('/')).toEqual(slow);
    }
  });

  it('give the same result on the benchmark project, and skip Nunjucks for its models', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'clv-fast-'));
    try {
      await writeSyntheticProject(dir, 60);
      const project = await loadProject(dir, { env: {} });
      const fast = compile(project, { ...options });
      const slow = compile(project, { ...options, fastPath: false });
      expect(fast.manifest).toEqual(slow.manifest);
      // Only the macro file's template is compiled when every model takes the fast path.
      expect(Object.keys(fast.cache.templates).length).toBeLessThan(5);
      expect(Object.keys(slow.cache.templates).length).toBeGreaterThan(40);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
