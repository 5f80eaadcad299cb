import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_VERSION } from '../../runner/compile/cache.js';
import { compile, compileInputKey } from '../../runner/compile/index.js';
import { jsonPieces, readCompileCache, writeCompileCache } from '../../runner/project/cache-io.js';
import { loadProject } from '../../runner/project/load.js';
import { fakeDialect, fixture } from './helpers.js';

const options = { dialect: fakeDialect, generatedAt: '2024-01-01T00:00:00Z' };

describe('compile cache', () => {
  it('gives the same manifest warm as cold, after a round trip through disk', async () => {
    for (const dir of [['dbt_project_duckdb'], ['compile', 'features']]) {
      const project = await loadProject(fixture(...dir), { env: {} });
      const cold = compile(project, options);
      expect(Object.keys(cold.cache.renders).length).toBeGreaterThan(0);
      const tmp = await mkdtemp(path.join(os.tmpdir(), 'clv-cache-'));
      try {
        await writeCompileCache(tmp, cold.cache);
        const cache = await readCompileCache(tmp);
        const warm = compile(project, { ...options, cache });
        expect(warm.manifest).toEqual(cold.manifest);
        expect(warm.cache.renders).toEqual(cold.cache.renders);
        expect(warm.cache.tests).toEqual(cold.cache.tests);
        // Templates of every project file survive; one-off expression templates only while used.
        expect(Object.keys(cold.cache.templates)).toEqual(expect.arrayContaining(Object.keys(warm.cache.templates)));
        const again = compile(project, { ...options, cache: warm.cache });
        expect(again.manifest).toEqual(cold.manifest);
        // Without the whole-result shortcut, the per-node render and test caches must give the same manifest.
        const perNode = compile(project, { ...options, cache: { ...cache, result: undefined } });
        expect(perNode.manifest).toEqual(cold.manifest);
        expect(perNode.cache.renders).toEqual(cold.cache.renders);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    }
  });

  it('re-renders when a var a model read changes, and not otherwise', async () => {
    const project = await loadProject(fixture('compile', 'features'), { env: {} });
    const cold = compile(project, options);
    const changed = compile(project, { ...options, cache: cold.cache, vars: { region: 'us' } });
    expect((changed.manifest.nodes['model.features.python_model'] as { compiled_code: string }).compiled_code).toContain("'us' as region");
    expect(changed.manifest.nodes['model.features.kwargs_model']).toEqual(cold.manifest.nodes['model.features.kwargs_model']);
  });

  it('re-renders when a var only the is_incremental() branch reads changes', async () => {
    const project = await loadProject(fixture('compile', 'features'), { env: {} });
    const id = 'model.features.incremental_model';
    const cold = compile(project, options);
    const changed = compile(project, { ...options, cache: cold.cache, vars: { id_lookback: 7 } });
    expect((changed.manifest.nodes[id] as { compiled_incremental_code: string }).compiled_incremental_code).toContain('max(id) - 7 from');
    const back = compile(project, { ...options, cache: changed.cache });
    expect((back.manifest.nodes[id] as { compiled_incremental_code: string }).compiled_incremental_code).toContain('max(id) - 0 from');
  });

  it('reads back non-ASCII text in a cache file unchanged', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'clv-cache-'));
    try {
      const cache = { version: CACHE_VERSION, templates: { k: "select 'café → ☃'" }, renders: {}, tests: {} };
      await writeCompileCache(tmp, cache);
      expect((await readCompileCache(tmp)).templates).toEqual(cache.templates);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('treats an unreadable cache file as empty', async () => {
    expect(await readCompileCache(path.join(os.tmpdir(), 'clv-no-such-dir'))).toEqual({ version: CACHE_VERSION, templates: {}, renders: {}, tests: {} });
  });
});

describe('compile cache files', () => {
  it('are written piecewise as exactly the JSON of the cache, and store the manifest without derivable parts', async () => {
    const project = await loadProject(fixture('dbt_project_duckdb'), { env: {} });
    const cold = compile(project, options);
    for (const depth of [0, 1, 3, 5]) expect([...jsonPieces(cold.cache, depth)].join('')).toBe(JSON.stringify(cold.cache));
    const stored = cold.cache.result!.manifest as unknown as Record<string, unknown>;
    expect(stored.parent_map).toBeUndefined();
    // child_map is kept as lists of numbers (indexes of the node and source ids), in the map's key order;
    // parent_map not at all: it is each node's depends_on.nodes.
    const maps = (stored._packed_shared as { maps: { parents: unknown[][] | null; children: unknown[][] } }).maps;
    const ids = [...Object.keys(cold.manifest.nodes), ...Object.keys(cold.manifest.sources)];
    expect(maps.parents).toBeNull();
    expect(maps.children.length).toBe(ids.length);
    expect(maps.children.flat().every((item) => typeof item === 'number')).toBe(true);
    expect(maps.children.map((list) => list.map((at) => ids[at as number]))).toEqual(Object.values(cold.manifest.child_map));
    expect(Object.values(cold.manifest.nodes).every((node) => typeof (node as { raw_code?: unknown }).raw_code !== 'object')).toBe(true);
    expect(Object.values(stored.nodes as object).filter((node) => node.raw_code === null).length).toBeGreaterThan(0);
    // Generic tests are stored as [template, attached node's name]; templates are shared between tests.
    const templated = Object.values(stored.nodes as object).filter((node) => Array.isArray(node)) as [number, string][];
    const templates = (stored._packed_shared as { nodeTemplates: string[] }).nodeTemplates;
    expect(templated.length).toBeGreaterThan(templates.length);
    expect(templated.every(([at, name]) => templates[at]!.includes('\\u0001') && !templates[at]!.includes(name))).toBe(true);
    // Other tests keep their config once in a table, referenced by index.
    const storedTests = Object.values(stored.nodes as object).filter((node) => node.resource_type === 'test');
    expect(storedTests.every((node) => typeof node.config === 'number' && node.unique_id === null)).toBe(true);
    // A model's tags and meta are its config's own objects: stored once (null in the node).
    expect(Object.values(stored.nodes as object).filter((node) => node.resource_type === 'model').every((node) => node.tags === null && node.meta === null)).toBe(true);
    // Parts several models hold alike (configs, columns, sources...) are stored once, as an index into a table.
    const values = (stored._packed_shared as { values: string[] }).values;
    const storedModels = Object.values(stored.nodes as object).filter((node) => node.resource_type === 'model');
    expect(values.length).toBeGreaterThan(0);
    expect(storedModels.some((node) => typeof node.sources === 'number' && values[node.sources] === '[]')).toBe(true);
    expect(new Set(values).size).toBe(values.length);
    // Same manifest back, keys in the same order (manifest.json reads the same).
    const warm = compile(project, { ...options, cache: cold.cache });
    expect(JSON.stringify(warm.manifest)).toBe(JSON.stringify(cold.manifest));
    expect(Object.keys(warm.manifest.parent_map)).toEqual(Object.keys(cold.manifest.parent_map));
    // ... and unpacked as its config's own objects again, as a cold compile makes them.
    const models = (manifest: typeof cold.manifest) => Object.values(manifest.nodes).filter((node) => node.resource_type === 'model');
    for (const model of [...models(cold.manifest), ...models(warm.manifest)]) {
      expect(model.tags).toBe(model.config.tags);
      expect(model.meta).toBe(model.config.meta);
    }
  });

  it('skips the per-node part when the input key matches, and does not rewrite it', async () => {
    const project = await loadProject(fixture('compile', 'features'), { env: {} });
    const cold = compile(project, options);
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'clv-cache-'));
    try {
      await writeCompileCache(tmp, cold.cache);
      const fast = await readCompileCache(tmp, { inputKey: compileInputKey(project, options) });
      expect(fast.partial).toBe(true);
      expect(fast.renders).toEqual({});
      const warm = compile(project, { ...options, cache: fast });
      expect(warm.manifest).toEqual(cold.manifest);
      await writeCompileCache(tmp, warm.cache);
      const full = await readCompileCache(tmp, { inputKey: 'something else' });
      expect(full.renders).toEqual(cold.cache.renders);
      // A result for another key is not read (compile could not reuse it); without a key it is, as before.
      expect(full.result).toBeUndefined();
      expect((await readCompileCache(tmp)).result?.key).toBe(compileInputKey(project, options));
      const changed = compile(project, { ...options, cache: full, vars: { region: 'us' } });
      expect(changed.manifest).toEqual(compile(project, { ...options, vars: { region: 'us' } }).manifest);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
