// Column names known before any SQL is analysed (the I/O half of lineage): the warehouse catalog when
// `clv docs generate` wrote target/catalog.json, seeds' CSV headers (read by DuckDB's own CSV reader, as
// everywhere else), and YAML `columns:` of sources. Model columns come from their own SQL, with the
// catalog, then YAML, as the fallback when the SQL cannot be traced.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { DuckDBInstance } from '../adapters/duckdb/bindings.js';
import type { Manifest } from '../manifest.js';
import type { Catalog } from '../docs/catalog.js';
import type { KnownColumns } from './types.js';

async function readCatalog(root: string, targetPath: string): Promise<Catalog | undefined> {
  try {
    return JSON.parse(await readFile(join(root, targetPath, 'catalog.json'), 'utf8')) as Catalog;
  } catch {
    return undefined;
  }
}

async function seedHeaders(manifest: Manifest, root: string): Promise<Map<string, string[]>> {
  const seeds = Object.values(manifest.nodes).filter((n) => n.resource_type === 'seed');
  const out = new Map<string, string[]>();
  if (seeds.length === 0) return out;
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const seed of seeds) {
      const path = isAbsolute(seed.seed_path) ? seed.seed_path : resolve(root, seed.seed_path);
      try {
        const reader = await connection.runAndReadAll(`select * from read_csv('${path.replace(/'/g, "''")}', header = true) limit 0`);
        out.set(seed.unique_id, reader.columnNames());
      } catch {
        /* an unreadable seed fails `clv seed` with its own message; here its columns are simply unknown */
      }
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return out;
}

export async function knownColumns(manifest: Manifest, root: string, targetPath: string): Promise<KnownColumns> {
  const [catalog, headers] = await Promise.all([readCatalog(root, targetPath), seedHeaders(manifest, root)]);
  const known: KnownColumns = new Map(headers);
  const fromCatalog = (id: string): string[] | undefined => {
    const entry = catalog?.nodes[id] ?? catalog?.sources[id];
    return entry ? Object.values(entry.columns).sort((a, b) => a.index - b.index).map((c) => c.name) : undefined;
  };
  const yaml = (columns: Record<string, { name: string }>): string[] | undefined => {
    const names = Object.values(columns).map((c) => c.name);
    return names.length ? names : undefined;
  };
  for (const node of [...Object.values(manifest.nodes), ...Object.values(manifest.sources)]) {
    if (node.resource_type === 'test' || known.has(node.unique_id)) continue;
    const columns = fromCatalog(node.unique_id) ?? yaml(node.columns);
    if (columns) known.set(node.unique_id, columns);
  }
  return known;
}
