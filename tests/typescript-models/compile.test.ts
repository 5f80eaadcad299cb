// The compiler learns a TypeScript model's refs/sources/config from its text alone (no code runs).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTypeScriptModel } from '../../runner/compile/typescript-model.js';
import type { ModelNode } from '../../runner/manifest.js';
import { compileFixture, fixture } from '../compile/helpers.js';

const file = (name: string) => readFileSync(fixture('typescript-model-files', name), 'utf8');
const errorOf = (name: string) => {
  try {
    readTypeScriptModel(name, file(name));
  } catch (error) {
    return error as { message: string; location: { file?: string; line?: number }; hint?: string };
  }
  throw new Error(`expected ${name} to be rejected`);
};

describe('reading a TypeScript model statically', () => {
  it('reads refs, sources and a literal config through a const and `as const`', () => {
    expect(readTypeScriptModel('via_const.ts', file('via_const.ts'))).toEqual({
      refs: ['a', 'b'],
      sources: [['shop', 'orders']],
      config: { materialized: 'incremental', unique_key: ['id', 'day'], tags: ['x'], meta: { owner: 'data', level: -1 }, full_refresh: false },
    });
  });

  it('rejects computed refs with the line, and explains why', () => {
    const error = errorOf('computed_refs.ts');
    expect(error.message).toMatch(/'refs' must be a literal/);
    expect(error.location).toEqual({ file: 'computed_refs.ts', line: 5 });
    expect(error.hint).toMatch(/ctx\.var/);
  });

  it('rejects a file without a default-exported model and a view materialization', () => {
    expect(errorOf('no_default_export.ts').message).toMatch(/export default defineModel/);
    expect(errorOf('view_materialized.ts').message).toMatch(/'table' or 'incremental', not 'view'/);
  });
});

describe('TypeScript models in the manifest', () => {
  it('are model nodes with language typescript, dependencies, tags, YAML docs and tests', async () => {
    const { manifest } = await compileFixture(['typescript-models']);
    const scores = manifest.nodes['model.tsm.scores'] as ModelNode;
    expect(scores.language).toBe('typescript');
    expect(scores.depends_on.nodes).toEqual(['model.tsm.base']);
    expect(scores.config.materialized).toBe('table');
    expect(scores.config.tags).toEqual(['ml']);
    expect(scores.tags).toEqual(['ml']);
    expect(scores.description).toMatch(/computed in TypeScript/);
    expect(scores.columns.customer_id!.description).toBe('The customer.');
    expect(scores.relation.identifier).toBe('scores');
    expect(scores.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(scores.vars_used).toEqual(expect.arrayContaining(['fail_scores', 'score_scale']));
    expect(manifest.child_map['model.tsm.scores']).toEqual(expect.arrayContaining(['model.tsm.downstream']));
    const tests = Object.values(manifest.nodes).filter((n) => n.resource_type === 'test' && n.attached_node === 'model.tsm.scores');
    expect(tests.map((t) => t.name).sort()).toEqual(['not_null_scores_customer_id', 'not_null_scores_score', 'unique_scores_customer_id']);
    expect((manifest.nodes['model.tsm.history'] as ModelNode).config.materialized).toBe('incremental');
    expect((manifest.nodes['model.tsm.base'] as ModelNode).language).toBe('sql');
  });
});
