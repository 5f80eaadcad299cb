// compile() with nodes that read `graph`: what the graph shows of nodes and sources, that the result does not
// depend on file order, and that a cached compile re-renders graph readers when another model is added.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../runner/compile/index.js';
import type { ModelNode } from '../../runner/manifest.js';
import type { LoadedProject } from '../../runner/project/types.js';
import { compileFixture, fakeDialect, fixture } from '../compile/helpers.js';

let project: LoadedProject;
beforeAll(async () => {
  ({ project } = await compileFixture(['graph-project']));
});

/** The project with files from tests/fixtures/graph-extra/models added under models/. */
const withExtra = (...names: string[]): LoadedProject => ({
  ...project,
  files: [...project.files, ...names.map((name) => ({ path: `models/${name}`, contents: readFileSync(join(fixture('graph-extra', 'models'), name), 'utf8') }))],
});
const compiled = (manifest: { nodes: Record<string, unknown> }, name: string) => manifest.nodes[`model.graph_demo.${name}`] as ModelNode;
const run = (input: LoadedProject, cache?: ReturnType<typeof compile>['cache']) => compile(input, { dialect: fakeDialect, generatedAt: '2024-01-01T00:00:00Z', cache });

describe('graph.nodes and graph.sources', () => {
  it('show dbt attributes of nodes and sources, and filter with selectattr tests and `for … if`', () => {
    const { manifest } = run(withExtra('node_attributes.sql'));
    const seen = JSON.parse(compiled(manifest, 'node_attributes').compiled_code);
    expect(seen.stg).toMatchObject({
      unique_id: 'model.graph_demo.stg_orders',
      resource_type: 'model',
      name: 'stg_orders',
      package_name: 'graph_demo',
      path: 'stg_orders.sql',
      original_file_path: 'models/stg_orders.sql',
      fqn: ['graph_demo', 'stg_orders'],
      alias: 'stg_orders',
      schema: 'main',
      config: { materialized: 'table', enabled: true, tags: [] },
      tags: [],
      meta: {},
      depends_on: { nodes: ['seed.graph_demo.raw_orders'], macros: [] },
      refs: [{ name: 'raw_orders', package: null, version: null }],
      sources: [],
      raw_code: "select id, amount, channel from {{ ref('raw_orders') }}\n",
      language: 'sql',
    });
    // Compiled SQL is left out: a graph reader must not depend on which node rendered first.
    expect(seen.stg).not.toHaveProperty('compiled_code');
    expect(seen.orders).toMatchObject({ unique_id: 'source.graph_demo.shop.orders', resource_type: 'source', source_name: 'shop', name: 'orders', identifier: 'raw_orders', schema: 'main', loaded_at_field: 'loaded_at', meta: {}, columns: { id: { name: 'id' } } });
    expect(seen.views).toEqual(['daily_store']);
    expect(seen.evens).toBe('2,4,6');
    expect(seen.inline).toBe('78');
    expect(seen.top_keys).toEqual(['exposures', 'groups', 'macros', 'metrics', 'nodes', 'saved_queries', 'semantic_models', 'sources']);
  });

  it('compiles the same whichever order the files come in', () => {
    const forward = run(withExtra('node_attributes.sql', 'daily_late.sql')).manifest;
    const reversed = run({ ...withExtra('node_attributes.sql', 'daily_late.sql'), files: [...withExtra('node_attributes.sql', 'daily_late.sql').files].reverse() }).manifest;
    for (const id of Object.keys(forward.nodes)) expect([id, (reversed.nodes[id] as ModelNode).compiled_code]).toEqual([id, (forward.nodes[id] as ModelNode).compiled_code]);
    expect(forward.parent_map['model.graph_demo.all_daily']).toEqual(['model.graph_demo.daily_late', 'model.graph_demo.daily_store', 'model.graph_demo.daily_web']);
  });

  it('a cached compile renders graph readers again when a model is added or removed, and never caches them', () => {
    const cold = run(project);
    expect(compiled(cold.manifest, 'all_daily').compiled_code).not.toContain('daily_late');
    expect(Object.values(cold.cache.renders).some((render) => render.readGraph)).toBe(false);

    const grown = run(withExtra('daily_late.sql'), cold.cache);
    expect(compiled(grown.manifest, 'all_daily').compiled_code).toContain("select 'daily_late' as model_name");
    expect(compiled(grown.manifest, 'all_daily').depends_on.nodes).toContain('model.graph_demo.daily_late');
    // The run-end hook lists it too.
    expect(grown.manifest.run_hooks?.end[0]).toContain("'all_daily,daily_late,daily_store,daily_web,source_inventory,stg_orders'");

    const shrunk = run(project, grown.cache);
    expect(compiled(shrunk.manifest, 'all_daily').compiled_code).toBe(compiled(cold.manifest, 'all_daily').compiled_code);
  });

  it('a reader that raises when a node is missing renders as dbt parses it first, then against the complete graph', () => {
    const { manifest } = run(withExtra('strict_reader.sql'));
    const node = compiled(manifest, 'strict_reader');
    expect(node.config).toMatchObject({ materialized: 'view', tags: ['strict'] });
    expect(node.compiled_code).toContain("select 'table' as stg_materialized");
    // What still fails against the complete graph is reported, naming the file.
    let error: (Error & { location?: { file?: string } }) | undefined;
    try {
      run(withExtra('missing_reader.sql'));
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error?.message).toContain('no_such_model is missing from the graph');
    expect(error?.location?.file).toBe('models/missing_reader.sql');
  });

  it('before every node is known (the first render) a template sees the sources only, as dbt parses with an incomplete graph', () => {
    // all_daily's first render found no model; its refs come from the render against the complete graph.
    const { manifest } = run(project);
    expect(compiled(manifest, 'source_inventory').compiled_code).toContain("'refunds' as table_name");
    expect(compiled(manifest, 'all_daily').refs).toEqual([['daily_store'], ['daily_web']]);
  });
});
