// First pass over models, seeds and sources: names, ids, fqns, and config known before any template runs.
import path from 'node:path/posix';
import { ProjectError } from '../errors.js';
import type { ColumnInfo, NodeConfig, RelationRef, SourceNode } from '../manifest.js';
import type { LoadedProject, ProjectFile, SeedFile } from '../project/types.js';
import { folderConfig, folderConfigResolver, mergeConfig, toList, withDefaults } from './config.js';
import type { Entry, Patch, SchemaPatches } from './schema-yml.js';
import { relationFor } from './relations.js';
import { externalLocation } from './external-location.js';
import { snapshotBlocks } from './snapshots.js';

export interface Stub {
  uniqueId: string;
  name: string;
  resourceType: 'model' | 'seed';
  file: string;
  text: string;
  checksum: string;
  fqn: string[];
  /** Config from defaults, folder tree and schema YAML: everything but the file's own config(). */
  preConfig: NodeConfig;
  patch?: Patch;
  seed?: SeedFile;
  /** Final config/relation, set once rendered. */
  config?: NodeConfig;
  relation?: RelationRef;
}

const stripExt = (file: string) => path.basename(file).replace(/\.[^.]*$/, '');

/** fqn = [project, ...folders below the resource path, name], as dbt builds it. */
export function fqnFor(projectName: string, file: string, roots: string[]): string[] {
  const root = roots.find((dir) => file.startsWith(`${dir.replace(/\/+$/, '')}/`)) ?? '';
  const relative = root ? file.slice(root.replace(/\/+$/, '').length + 1) : file;
  const folders = path.dirname(relative) === '.' ? [] : path.dirname(relative).split('/');
  return [projectName, ...folders, stripExt(file)];
}

/** Config keys written at the top level of a YAML entry that dbt treats as config. */
export function yamlConfig(entry: Entry | undefined): Record<string, unknown> {
  if (!entry) return {};
  const config = { ...((entry.config as Record<string, unknown> | null) ?? {}) };
  if (entry.tags !== undefined) config.tags = [...toList(config.tags), ...toList(entry.tags)];
  if (entry.meta) config.meta = { ...(entry.meta as object), ...((config.meta as object) ?? {}) };
  if (entry.docs) config.docs = entry.docs;
  return config;
}

export function modelStubs(project: LoadedProject, files: ProjectFile[], patches: SchemaPatches, checksum: (text: string) => string, warnings: string[], snapshotFiles: ProjectFile[] = []): Stub[] {
  const { config } = project;
  const seen = new Map<string, string>();
  const stubs: Stub[] = [];
  const modelFolderConfig = folderConfigResolver(config.models, config.name);
  const seedFolderConfig = folderConfigResolver(config.seeds, config.name);
  for (const file of files) {
    const name = stripExt(file.path);
    const other = seen.get(name);
    if (other) {
      throw new ProjectError(`two models are named '${name}': ${other} and ${file.path}`, {
        location: { file: file.path },
        hint: 'Model names must be unique across folders (the file name is the relation name); rename one file.',
      });
    }
    seen.set(name, file.path);
    const fqn = fqnFor(config.name, file.path, config.modelPaths);
    const patch = patches.models.get(name);
    const resolved = mergeConfig(modelFolderConfig(fqn), yamlConfig(patch?.entry));
    stubs.push({ uniqueId: `model.${config.name}.${name}`, name, resourceType: 'model', file: file.path, text: file.contents, checksum: checksum(file.contents), fqn, preConfig: withDefaults('view', resolved), patch });
  }
  const snapshotFolderConfig = folderConfigResolver(config.snapshots ?? {}, config.name);
  for (const file of snapshotFiles) {
    const blocks = snapshotBlocks(file);
    if (blocks.length === 0) warnings.push(`${file.path}: no {% snapshot name %} block (ignored)`);
    for (const block of blocks) {
      const { name } = block;
      const other = seen.get(name);
      if (other) {
        throw new ProjectError(`two nodes are named '${name}': ${other} and the snapshot in ${file.path}`, { location: { file: file.path }, hint: 'ref() would be ambiguous; rename one of them.' });
      }
      seen.set(name, file.path);
      // dbt's snapshot fqn ends with the block's name, under the file's folders and name
      const fqn = [...fqnFor(config.name, file.path, config.snapshotPaths ?? []), name];
      const patch = patches.models.get(name);
      const resolved = mergeConfig(snapshotFolderConfig(fqn), yamlConfig(patch?.entry));
      stubs.push({ uniqueId: `snapshot.${config.name}.${name}`, name, resourceType: 'model', file: file.path, text: block.text, checksum: checksum(block.text), fqn, preConfig: { ...withDefaults('snapshot', resolved), materialized: 'snapshot' }, patch });
    }
  }
  for (const seed of project.seeds) {
    const name = stripExt(seed.path);
    const other = seen.get(name);
    if (other) {
      throw new ProjectError(`a seed and a model are both named '${name}': ${other} and ${seed.path}`, { location: { file: seed.path }, hint: 'ref() would be ambiguous; rename one of them.' });
    }
    seen.set(name, seed.path);
    const fqn = fqnFor(config.name, seed.path, config.seedPaths);
    const patch = patches.seeds.get(name);
    const resolved = mergeConfig(seedFolderConfig(fqn), yamlConfig(patch?.entry));
    const preConfig = withDefaults('seed', resolved);
    stubs.push({ uniqueId: `seed.${config.name}.${name}`, name, resourceType: 'seed', file: seed.path, text: '', checksum: seed.checksum, fqn, preConfig, patch, seed, config: preConfig, relation: relationFor({ name, config: preConfig }, project.target, undefined) });
  }
  for (const [name, patch] of patches.models) {
    if (!seen.has(name)) warnings.push(`${patch.file}: model '${name}' is described but has no SQL file (ignored)`);
  }
  return stubs;
}

export function columnsOf(entry: Entry | undefined, describe: (text: string) => string, header: string[] = []): Record<string, ColumnInfo> {
  const columns: Record<string, ColumnInfo> = {};
  for (const name of header) columns[name] = { name, description: '', tags: [], meta: {} };
  for (const column of (entry?.columns as Entry[] | null) ?? []) {
    const name = String(column.name);
    columns[name] = {
      name,
      description: describe(String(column.description ?? '')),
      ...(column.data_type ? { data_type: String(column.data_type) } : {}),
      tags: toList(column.tags),
      meta: (column.meta as Record<string, unknown>) ?? {},
    };
  }
  return columns;
}

const external = (location: string | undefined) => (location === undefined ? {} : { relation_name: location });

export function sourceNodes(project: LoadedProject, patches: SchemaPatches, describe: (text: string, file: string) => string): Record<string, SourceNode> {
  const nodes: Record<string, SourceNode> = {};
  const { name: projectName } = project.config;
  for (const patch of patches.sources) {
    const { source, entry } = patch;
    const sourceName = String(source.name);
    const tableName = String(entry.name);
    const uniqueId = `source.${projectName}.${sourceName}.${tableName}`;
    if (nodes[uniqueId]) {
      throw new ProjectError(`source table '${sourceName}.${tableName}' is declared twice`, { location: { file: patch.file, line: patch.parsed.lineOf(patch.path) }, hint: `First declared in ${nodes[uniqueId]!.original_file_path}.` });
    }
    const fqn = [projectName, ...fqnFor(projectName, patch.file, project.config.modelPaths).slice(1, -1), sourceName, tableName];
    const config = withDefaults('view', mergeConfig(mergeConfig(folderConfig(project.config.sources, [projectName, sourceName, tableName], projectName), yamlConfig(source)), yamlConfig(entry)));
    // dbt renders Jinja in these properties: `schema: "{{ var('raw_schema', 'raw') }}"`.
    const describeHere = (text: string) => describe(text, patch.file);
    const database = source.database !== undefined ? describeHere(String(source.database)) : project.target.database;
    const relation: RelationRef = { ...(database !== undefined ? { database } : {}), schema: describeHere(String(source.schema ?? sourceName)), identifier: describeHere(String(entry.identifier ?? tableName)) };
    nodes[uniqueId] = {
      unique_id: uniqueId,
      resource_type: 'source',
      name: tableName,
      source_name: sourceName,
      package_name: projectName,
      original_file_path: patch.file,
      fqn,
      description: describeHere(String(entry.description ?? '')),
      tags: config.tags,
      meta: { ...((source.meta as object) ?? {}), ...((entry.meta as object) ?? {}) },
      config,
      depends_on: { nodes: [], macros: [] },
      checksum: '',
      relation,
      ...external(externalLocation(source, entry, relation, describeHere, patch.file)),
      columns: columnsOf(entry, describeHere),
      ...((entry.loaded_at_field ?? source.loaded_at_field) ? { loaded_at_field: String(entry.loaded_at_field ?? source.loaded_at_field) } : {}),
      // clv framework: a table's `freshness: null` turns off its source's freshness (dbt semantics).
      ...(('freshness' in entry ? entry.freshness : source.freshness) ? { freshness: 'freshness' in entry ? entry.freshness : source.freshness } : {}),
    };
  }
  return nodes;
}
