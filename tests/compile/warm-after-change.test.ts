// A warm compile (reading the cache a cold compile wrote to disk) after one change to the project must give the
// manifest a cold compile of the changed project gives, byte for byte: a change the cache misses is a wrong
// build. Each case also checks that the change shows in the manifest, so a cache that ignored it would fail.
import { cp, mkdtemp, rm, stat, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compile, compileInputKey, type CompileOptions } from '../../runner/compile/index.js';
import { cacheDir, readCompileCache, writeCompileCache } from '../../runner/project/cache-io.js';
import { loadProject } from '../../runner/project/load.js';
import { fakeDialect, fixture } from './helpers.js';

const base = fixture('compile-warm', 'project');
const changes = fixture('compile-warm', 'changes');
const temporary: string[] = [];

afterEach(async () => {
  for (const dir of temporary.splice(0)) await rm(dir, { recursive: true, force: true });
});

interface Run {
  vars?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
}

/** What `clv compile` does: load, read the cache with the input key, compile, write the cache. */
async function compileFromDisk(dir: string, run: Run, useCache: boolean) {
  const env = run.env ?? {};
  const project = await loadProject(dir, { env, vars: run.vars });
  const options: CompileOptions = { dialect: fakeDialect, vars: run.vars, env, generatedAt: '2024-01-01T00:00:00Z' };
  const folder = cacheDir(project.root, project.config.targetPath);
  const cache = useCache ? await readCompileCache(folder, { inputKey: compileInputKey(project, options) }) : undefined;
  const result = compile(project, { ...options, cache });
  if (useCache) await writeCompileCache(folder, result.cache);
  return { ...result, usedWholeResult: cache?.partial === true, json: JSON.stringify(result.manifest) };
}

/** A copy of the fixture (with `setup` applied) compiled cold once (cache written), then `change` applied to it. */
async function warmAfter(change: (dir: string) => Promise<void>, before: Run = {}, after: Run = before, setup?: (dir: string) => Promise<void>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'clv-warm-'));
  temporary.push(dir);
  await cp(base, dir, { recursive: true });
  await setup?.(dir);
  const first = await compileFromDisk(dir, before, true);
  await change(dir);
  const warm = await compileFromDisk(dir, after, true);
  const cold = await compileFromDisk(dir, after, false);
  return { dir, first, warm, cold };
}

const copyChange = (name: string) => (dir: string) => cp(path.join(changes, name), dir, { recursive: true });
const nodeOf = (json: string, id: string) => (JSON.parse(json) as { nodes: Record<string, Record<string, unknown>> }).nodes[id]!;

describe('a warm compile after a change', () => {
  it('reuses the whole previous result when nothing changed, and gives the same manifest', async () => {
    const { first, warm, cold } = await warmAfter(async () => {});
    expect(warm.usedWholeResult).toBe(true);
    expect(warm.json).toBe(cold.json);
    expect(warm.json).toBe(first.json);
  });

  it('(a) to a model file gives the cold manifest', async () => {
    const { first, warm, cold } = await warmAfter(copyChange('model'));
    expect(warm.usedWholeResult).toBe(false);
    expect(warm.json).toBe(cold.json);
    expect(nodeOf(warm.json, 'model.warm.customer_orders').compiled_code).toContain('min(created_at) as first_order_at');
    expect(warm.json).not.toBe(first.json);
  });

  it('to a model file rewritten at once to the same size, its mtime put back, gives the cold manifest', async () => {
    const file = (dir: string) => path.join(dir, 'models', 'marts', 'customer_orders.sql');
    let before: { size: number; mtimeMs: number } | undefined;
    const { first, warm, cold } = await warmAfter(async (dir) => {
      const { size, atime, mtime } = await stat(file(dir));
      await copyChange('same-size')(dir);
      await utimes(file(dir), atime, mtime);
      before = { size, mtimeMs: Math.floor(mtime.getTime() / 1000) };
      const after = await stat(file(dir));
      // The edit a cache trusting size and mtime (to the second) would miss.
      expect({ size: after.size, mtimeMs: Math.floor(after.mtimeMs / 1000) }).toEqual(before);
    });
    expect(before).toBeDefined();
    expect(warm.usedWholeResult).toBe(false);
    expect(warm.json).toBe(cold.json);
    expect(nodeOf(warm.json, 'model.warm.customer_orders').compiled_code).toContain('min(created_at) as last_order_at');
    expect(warm.json).not.toBe(first.json);
  });

  it('with a model file added gives the cold manifest', async () => {
    const { first, warm, cold } = await warmAfter(copyChange('added'));
    expect(warm.json).toBe(cold.json);
    expect(nodeOf(warm.json, 'model.warm.customer_days').compiled_code).toContain('count(distinct cast(created_at as date))');
    expect(JSON.parse(first.json).nodes['model.warm.customer_days']).toBeUndefined();
  });

  it('with a model file deleted gives the cold manifest', async () => {
    const { first, warm, cold } = await warmAfter((dir) => rm(path.join(dir, 'models', 'marts', 'customer_days.sql')), {}, {}, copyChange('added'));
    expect(warm.json).toBe(cold.json);
    expect(nodeOf(first.json, 'model.warm.customer_days')).toBeDefined();
    expect(JSON.parse(warm.json).nodes['model.warm.customer_days']).toBeUndefined();
    expect(JSON.parse(warm.json).child_map['model.warm.stg_orders']).not.toContain('model.warm.customer_days');
  });

  it('(b) to a macro file gives the cold manifest', async () => {
    const { first, warm, cold } = await warmAfter(copyChange('macro'));
    expect(warm.json).toBe(cold.json);
    expect(nodeOf(warm.json, 'model.warm.stg_orders').compiled_code).toContain('cast(amount_cents / 100.0 as decimal(18, 2))');
    expect(warm.json).not.toBe(first.json);
  });

  it('(c) to a var given with --vars gives the cold manifest, also where only the is_incremental() branch reads it', async () => {
    const { dir, first, warm, cold } = await warmAfter(async () => {}, {}, { vars: { lookback_days: 7, currency: 'eur' } });
    expect(warm.json).toBe(cold.json);
    expect(nodeOf(warm.json, 'model.warm.stg_orders').compiled_code).toContain("'eur' as currency_code");
    expect(nodeOf(warm.json, 'model.warm.customer_orders').compiled_incremental_code).toContain('interval (7) day');
    expect(warm.json).not.toBe(first.json);
    // And back: the cache written by the --vars compile must not leak into a compile without them.
    const again = await compileFromDisk(dir, {}, true);
    expect(again.json).toBe(first.json);
  });

  it('(d) to a schema YAML file gives the cold manifest', async () => {
    const { first, warm, cold } = await warmAfter(copyChange('schema'));
    expect(warm.json).toBe(cold.json);
    expect(nodeOf(warm.json, 'model.warm.customer_orders').description).toBe('One row per customer, with their order totals.');
    expect(Object.keys(JSON.parse(warm.json).nodes).filter((id) => id.startsWith('test.')).length).toBe(4);
    expect(warm.json).not.toBe(first.json);
  });

  it('to an environment variable a model reads gives the cold manifest', async () => {
    const { first, warm, cold } = await warmAfter(async () => {}, { env: {} }, { env: { CLV_WARM_REGION: 'emea' } });
    expect(warm.json).toBe(cold.json);
    expect(nodeOf(warm.json, 'model.warm.stg_orders').compiled_code).toContain("'emea' as region");
    expect(warm.json).not.toBe(first.json);
  });

  it('to the project file gives the cold manifest', async () => {
    const { first, warm, cold } = await warmAfter(copyChange('config'));
    expect(warm.json).toBe(cold.json);
    expect(nodeOf(warm.json, 'model.warm.stg_orders').config).toMatchObject({ materialized: 'table', tags: ['staging'] });
    expect(warm.json).not.toBe(first.json);
  });
});
