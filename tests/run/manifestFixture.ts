// Expands the compact manifests under tests/fixtures/run/*.yml into full Manifest + plan data, so
// executor tests exercise real DuckDB without waiting on the compiler.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import type { ExecutableNode, Manifest, NodeConfig } from '../../runner/manifest.js';
import type { ExecutionPlan } from '../../runner/run/types.js';

interface FixtureNode {
  name: string;
  type?: 'model' | 'seed' | 'test';
  materialized?: NodeConfig['materialized'];
  sql?: string;
  incremental_sql?: string;
  seed_path?: string;
  depends_on?: string[];
  schema?: string;
  config?: Partial<NodeConfig>;
}

interface Fixture {
  /** Another fixture this one starts from; its nodes are replaced by name. */
  extends?: string;
  project: string;
  schema?: string;
  nodes: FixtureNode[];
}

export const fixturesDir = fileURLToPath(new URL('../fixtures/run/', import.meta.url));

function readFixture(name: string): Fixture {
  const fixture = yaml.load(readFileSync(`${fixturesDir}${name}.yml`, 'utf8')) as Fixture;
  if (!fixture.extends) return fixture;
  const parent = readFixture(fixture.extends);
  const overrides = new Map(fixture.nodes.map((n) => [n.name, n]));
  return { ...parent, nodes: parent.nodes.map((n) => overrides.get(n.name) ?? n) };
}

export function loadFixture(name: string, database?: string): { manifest: Manifest; plan: ExecutionPlan } {
  const fixture = readFixture(name);
  const schema = fixture.schema ?? 'main';
  const idOf = new Map(fixture.nodes.map((n) => [n.name, `${n.type ?? 'model'}.${fixture.project}.${n.name}`]));
  const nodes: Record<string, ExecutableNode> = {};
  for (const n of fixture.nodes) {
    const type = n.type ?? 'model';
    const uniqueId = idOf.get(n.name)!;
    const deps = (n.depends_on ?? []).map((d) => idOf.get(d) ?? d);
    const testSchema = `${schema}_dbt_test__audit`;
    const base = {
      unique_id: uniqueId, name: n.name, package_name: fixture.project, fqn: [fixture.project, n.name],
      original_file_path: type === 'seed' ? `seeds/${n.name}.csv` : type === 'test' ? `tests/data/${n.name}.sql` : `models/${n.name}.sql`,
      description: '', tags: [], meta: {}, checksum: '', depends_on: { nodes: deps, macros: [] },
      config: { enabled: true, tags: [], materialized: n.materialized ?? (type === 'model' ? 'view' : type), ...n.config } as NodeConfig,
      relation: { database, schema: type === 'test' ? testSchema : (n.schema ?? schema), identifier: n.name },
    };
    if (type === 'seed') nodes[uniqueId] = { ...base, resource_type: 'seed', columns: {}, seed_path: `${fixturesDir}${n.seed_path}` };
    else if (type === 'test') nodes[uniqueId] = { ...base, resource_type: 'test', compiled_code: n.sql!, raw_code: n.sql! };
    else {
      nodes[uniqueId] = {
        ...base, resource_type: 'model', language: 'sql', raw_code: n.sql!, compiled_code: n.sql!,
        compiled_incremental_code: n.incremental_sql, refs: [], sources: [], columns: {},
      };
    }
  }
  const parentMap = Object.fromEntries(Object.values(nodes).map((n) => [n.unique_id, n.depends_on.nodes]));
  const manifest: Manifest = {
    metadata: { project_name: fixture.project, generated_at: new Date(0).toISOString(), adapter_type: 'duckdb', target_name: 'dev' },
    nodes, sources: {}, macros: {}, docs: {}, parent_map: parentMap, child_map: {}, vars: {},
    target: { name: 'dev', type: 'duckdb', schema, threads: 1 },
  };
  const plan: ExecutionPlan = {
    nodes: fixture.nodes.map((n) => ({ uniqueId: idOf.get(n.name)!, dependsOn: parentMap[idOf.get(n.name)!]! })),
    selected: [...idOf.values()],
  };
  return { manifest, plan };
}
