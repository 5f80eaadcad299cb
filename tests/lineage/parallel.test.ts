// Whole-project lineage on worker threads and from the lineage cache gives exactly the sequential answer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../runner/api.js';
import { columnLineage } from '../../runner/lineage/index.js';
import { projectLineage } from '../../runner/lineage/analyze.js';
import { lineageCache, lineageKey, LINEAGE_CACHE_FILE } from '../../runner/lineage/cache.js';
import { knownColumns } from '../../runner/lineage/known.js';
import { projectLineageAsync } from '../../runner/lineage/parallel.js';
import { lineageInput } from '../../runner/lineage/analyze.js';
import type { KnownColumns } from '../../runner/lineage/types.js';
import type { Manifest, ModelNode } from '../../runner/manifest.js';
import { copyLineageFixture } from './helpers.js';

let dir: string;
let manifest: Manifest;
let known: KnownColumns;

beforeAll(async () => {
  dir = copyLineageFixture();
  manifest = (await compile({ projectDir: dir })).manifest;
  known = await knownColumns(manifest, dir, 'target');
}, 60_000);

describe('projectLineageAsync', () => {
  it('on two worker threads equals the sequential tracer, model for model', async () => {
    const sequential = projectLineage(manifest, { dialect: 'duckdb', known });
    const parallel = await projectLineageAsync(manifest, { dialect: 'duckdb', known, threads: 2 });
    expect(Object.keys(parallel).length).toBeGreaterThan(3);
    expect(parallel).toEqual(sequential);
  }, 60_000);

  it('takes a model from the cache when its input (SQL, input columns, dialect) is unchanged, else parses it', async () => {
    const model = manifest.nodes['model.shop.stg_orders'] as ModelNode;
    const input = lineageInput(model, manifest, (id) => known.get(id), 'duckdb');
    const planted = { columns: ['from_cache'], upstream: { from_cache: [] }, unresolved: {} };
    const hit = await projectLineageAsync(manifest, { dialect: 'duckdb', known, threads: 1, cache: lineageCache({ [lineageKey(input)]: planted }) });
    expect(hit['model.shop.stg_orders']).toEqual(planted);
    const edited = { ...input, sql: `${input.sql}\n-- edited` };
    expect(lineageKey(edited)).not.toBe(lineageKey(input));
    const otherColumns = { ...input, tables: input.tables.map((t) => ({ ...t, columns: [...(t.columns ?? []), 'new_column'] })) };
    expect(lineageKey(otherColumns)).not.toBe(lineageKey(input));
  });
});

describe('clv lineage keeps target/lineage_cache.json', () => {
  it('writes one entry per traced model and answers the same from it', async () => {
    const first = await columnLineage({ projectDir: dir });
    const cache = JSON.parse(readFileSync(join(dir, 'target', LINEAGE_CACHE_FILE), 'utf8')) as { entries: Record<string, unknown> };
    expect(Object.keys(cache.entries).length).toBe(Object.keys(first.lineage).length);
    const second = await columnLineage({ projectDir: dir });
    expect(second.lineage).toEqual(first.lineage);
  }, 60_000);
});
