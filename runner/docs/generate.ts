// `docs generate`: compile, read the last run's results, read column types from the warehouse when the
// database exists (catalog.json), let extra pages query their data, bundle the client, write the site.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { compileProject, type InvocationOptions } from '../api.js';
import type { Connection, Row, Warehouse } from '../adapters/adapter.js';
import type { RunResultsArtifact } from '../artifacts/runResults.js';
import type { Manifest } from '../manifest.js';
import { bundle, clientEntry } from './bundle.js';
import { catalogEntry, readCatalog, type Catalog } from './catalog.js';
import { buildDocsData } from './data.js';
import { writeSite, type SiteFile } from './site.js';
import type { DocsExtraPage, DocsPageContext, DocsPageMeta, RelationInfo } from './types.js';

export interface GenerateOptions extends InvocationOptions {
  extraPages?: DocsExtraPage[];
  /** Site folder; default <target-path>/docs. */
  outDir?: string;
}

export interface GenerateResult {
  siteDir: string;
  files: SiteFile[];
  totalBytes: number;
  nodes: number;
  catalogAvailable: boolean;
  hasRun: boolean;
}

async function readRunResults(path: string): Promise<RunResultsArtifact | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as RunResultsArtifact;
  } catch {
    return undefined;
  }
}

/** A file-backed target whose file does not exist yet has nothing to document; opening it would create
 * an empty database as a side effect. In-memory targets are empty by definition. */
function missingDatabase(target: Record<string, unknown>, root: string): string | undefined {
  const path = target.path;
  if (typeof path !== 'string') return undefined;
  if (path === '' || path.startsWith(':memory:')) return 'the target is an in-memory database';
  const absolute = isAbsolute(path) ? path : resolve(root, path);
  return existsSync(absolute) ? undefined : `no database at ${absolute} yet`;
}

function relationLookup(manifest: Manifest, catalog: Catalog | undefined, render: (id: string) => string | undefined) {
  const byName = new Map<string, string>();
  for (const node of Object.values(manifest.nodes)) if (node.resource_type !== 'test') byName.set(node.name, node.unique_id);
  for (const source of Object.values(manifest.sources)) {
    byName.set(`${source.source_name}.${source.name}`, source.unique_id);
    if (!byName.has(source.name)) byName.set(source.name, source.unique_id);
  }
  return (name: string): RelationInfo | undefined => {
    const id = byName.get(name);
    const sql = id && render(id);
    if (!id || !sql) return undefined;
    const entry = catalogEntry(catalog, id);
    return { uniqueId: id, sql, exists: entry !== undefined, columns: Object.keys(entry?.columns ?? {}).map((c) => c.toLowerCase()) };
  };
}

export async function generateDocs(options: GenerateOptions = {}): Promise<GenerateResult> {
  const { project, adapter, manifest } = await compileProject(options);
  const generatedAt = new Date().toISOString();
  const targetDir = resolve(project.root, project.config.targetPath);
  const runResults = await readRunResults(resolve(targetDir, 'run_results.json'));
  const warn = (message: string) => options.onWarning?.(message);

  let warehouse: Warehouse | undefined;
  let connection: Connection | undefined;
  let catalog: Catalog | undefined;
  let catalogNote = missingDatabase(project.target, project.root);
  if (!catalogNote) {
    try {
      warehouse = await adapter.open(project.target, { projectRoot: project.root, threads: 1 });
      connection = await warehouse.acquire();
      catalog = await readCatalog(connection, manifest, generatedAt);
    } catch (error) {
      catalogNote = `could not read the warehouse catalog: ${error instanceof Error ? error.message : String(error)}`;
      warn(`docs: ${catalogNote}`);
    }
  }

  const pages: DocsPageMeta[] = [];
  try {
    const render = (id: string) => {
      const node = manifest.nodes[id] ?? manifest.sources[id];
      return node && node.resource_type !== 'test' ? adapter.dialect.renderRelation(node.relation) : undefined;
    };
    const context: DocsPageContext = {
      manifest,
      catalog,
      query: connection && (async (sql: string): Promise<Row[]> => (await connection!.execute(sql)).rows),
      relation: relationLookup(manifest, catalog, render),
      warn,
    };
    for (const page of options.extraPages ?? []) pages.push({ id: page.id, title: page.title, data: await page.collect(context) });
  } finally {
    if (warehouse && connection) warehouse.release(connection);
    await warehouse?.close();
  }

  const { data, sql } = buildDocsData({ manifest, dialect: adapter.dialect, runResults, catalog, catalogNote, pages, generatedAt });
  const [appBundle, ...pageCode] = await Promise.all([
    bundle(clientEntry(import.meta.url, './client/main.ts')),
    ...(options.extraPages ?? []).map((page) => bundle(page.clientEntry)),
  ]);
  const pageBundles = new Map((options.extraPages ?? []).map((page, i) => [page.id, pageCode[i]!]));
  const catalogJson = catalog && JSON.stringify(catalog);
  if (catalogJson) await writeFile(resolve(targetDir, 'catalog.json'), catalogJson);
  const siteDir = options.outDir ? resolve(project.root, options.outDir) : resolve(targetDir, 'docs');
  const files = await writeSite(siteDir, { data, sql, appBundle: appBundle!, pageBundles, catalogJson });
  return {
    siteDir,
    files,
    totalBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    nodes: data.nodes.length,
    catalogAvailable: catalog !== undefined,
    hasRun: runResults !== undefined,
  };
}
