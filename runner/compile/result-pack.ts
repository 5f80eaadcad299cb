// The whole-result cache holds the manifest minus what is cheap to recompute from the project files: each
// model's raw_code (its file's text, which the loader read anyway). A generic test's raw_code is one fixed
// line per test name. Values that repeat across thousands of nodes (test configs, macro lists, relation and
// fqn minus the node's name) are stored once in a table and referenced by index; fields equal to another
// (unique_id = its key, package_name = the project, a node's tags/meta = its config's) are stored as null.
// Every field keeps its place (null or an index), so the unpacked node serialises in the same key order. The
// parent/child maps are kept with node ids as numbers (result-maps.ts). Smaller file, fewer objects to parse:
// a faster warm start.
import type { Manifest } from '../manifest.js';
import type { CachedResult } from './cache.js';
import type { ProjectFile } from '../project/types.js';
import { packMaps, rebuildMaps, unpackMaps, type NodeList, type PackedMaps } from './result-maps.js';
import { compileTemplates, emptyTemplates, toTemplate } from './node-templates.js';

type AnyNodeRecord = Record<string, unknown> & {
  raw_code?: unknown;
  original_file_path?: string;
  test_metadata?: { name?: string };
  config?: unknown;
  depends_on?: { nodes: string[]; macros: unknown };
};

/** Tables of values shared by many nodes, kept beside `nodes` in the packed manifest. */
interface Shared {
  configs: string[];
  macroLists: string[];
  /** A relation minus its identifier, when the identifier is the node's name. */
  relations?: string[];
  /** An fqn minus its last part, when that is the node's name. */
  fqnPrefixes?: string[];
  /**
   * Parts of models, seeds... (config, columns, refs, sources, vars_used) that two or more nodes hold alike;
   * such a field is stored as its index here and unpacked as one object shared by those nodes.
   */
  values?: string[];
  /** Whole test nodes with their attached node's name as a hole (node-templates.ts); a node is [index, name]. */
  nodeTemplates?: string[];
  maps?: PackedMaps;
}

const SHARED_KEY = '_packed_shared';

// Always objects or arrays in a node, so a number there can only be an index into Shared.values.
const SHARED_FIELDS = ['config', 'columns', 'refs', 'sources', 'vars_used'] as const;

const genericRawCode = (name: string) => `{{ test_${name}(**_dbt_generic_test_kwargs) }}`;

export function packManifest(manifest: Manifest, files: ProjectFile[]): Manifest {
  const contents = new Map(files.map((file) => [file.path, file.contents]));
  const projectName = manifest.metadata.project_name;
  const shared: Required<Omit<Shared, 'maps'>> = { configs: [], macroLists: [], relations: [], fqnPrefixes: [], nodeTemplates: [], values: [] };
  const repeated = repeatedParts(manifest);
  const valueIndex = new Map<string, number>();
  const templates = emptyTemplates();
  const nameOf = (id: unknown): string | undefined => (typeof id === 'string' ? (manifest.nodes[id]?.name ?? manifest.sources[id]?.name) : undefined);
  const configIndex = new Map<string, number>();
  const macroIndex = new Map<string, number>();
  const relationIndex = new Map<string, number>();
  const fqnIndex = new Map<string, number>();
  // `key` identifies the value cheaply (string lists joined); JSON only for a value not seen before.
  const intern = (table: string[], index: Map<string, number>, value: unknown, key = JSON.stringify(value)): number => {
    let at = index.get(key);
    if (at === undefined) {
      at = table.push(JSON.stringify(value)) - 1;
      index.set(key, at);
    }
    return at;
  };
  const listKey = (list: unknown[]): string | undefined => (list.every((item) => typeof item === 'string') ? `${list.length}\u0001${list.join('\u0000')}` : undefined);
  const nodes: Record<string, unknown> = {};
  for (const [id, node] of Object.entries(manifest.nodes) as unknown as [string, AnyNodeRecord][]) {
    const attachedName = node.resource_type === 'test' ? nameOf(node.attached_node) : undefined;
    if (attachedName !== undefined) {
      const config = node.config as { tags?: unknown; meta?: unknown } | undefined;
      const base: AnyNodeRecord = { ...node };
      if (node.unique_id === id) base.unique_id = null;
      if (config && 'tags' in node && node.tags === config.tags) base.tags = null;
      if (config && 'meta' in node && node.meta === config.meta) base.meta = null;
      const templated = toTemplate(templates, base, attachedName);
      if (templated) {
        nodes[id] = templated;
        continue;
      }
    }
    const derivable =
      typeof node.raw_code === 'string' &&
      (node.test_metadata?.name !== undefined ? node.raw_code === genericRawCode(node.test_metadata.name) : node.raw_code === contents.get(node.original_file_path ?? ''));
    const packed: AnyNodeRecord = { ...node };
    if (derivable) packed.raw_code = null;
    if (node.unique_id === id) packed.unique_id = null;
    if (node.package_name === projectName) packed.package_name = null;
    const config = node.config as { tags?: unknown; meta?: unknown } | undefined;
    if (config && typeof config === 'object') {
      // A node's tags/meta that are its config's own (the same object, as compile makes them): stored once, and
      // unpacked as the same object again.
      if ('tags' in node && node.tags === config.tags) packed.tags = null;
      if ('meta' in node && node.meta === config.meta) packed.meta = null;
      if (node.resource_type === 'test') packed.config = intern(shared.configs, configIndex, config);
    }
    if (node.resource_type !== 'test') {
      for (const field of SHARED_FIELDS) {
        const json = repeated.get(node[field]);
        if (json !== undefined) packed[field] = intern(shared.values, valueIndex, node[field], json);
      }
    }
    if (node.depends_on && Array.isArray(node.depends_on.macros)) {
      packed.depends_on = { ...node.depends_on, macros: intern(shared.macroLists, macroIndex, node.depends_on.macros, listKey(node.depends_on.macros)) };
    }
    const relation = node.relation as Record<string, unknown> | undefined;
    if (relation && typeof relation === 'object') {
      const keys = Object.keys(relation);
      if (keys[keys.length - 1] === 'identifier' && relation.identifier === node.name) {
        const { identifier: _identifier, ...rest } = relation;
        const cheap = keys.length === 3 && keys[0] === 'database' && keys[1] === 'schema' && typeof rest.database === 'string' && typeof rest.schema === 'string';
        packed.relation = intern(shared.relations, relationIndex, rest, cheap ? `${rest.database as string}\u0000${rest.schema as string}` : undefined);
      }
    }
    const fqn = node.fqn as unknown[] | undefined;
    if (Array.isArray(fqn) && fqn.length > 0 && fqn[fqn.length - 1] === node.name) {
      const prefix = fqn.slice(0, -1);
      packed.fqn = intern(shared.fqnPrefixes, fqnIndex, prefix, listKey(prefix));
    }
    nodes[id] = packed;
  }
  shared.nodeTemplates = templates.texts;
  const maps = packMaps(manifest);
  const { parent_map: _parents, child_map: _children, ...rest } = manifest;
  return { ...rest, nodes, [SHARED_KEY]: { ...shared, ...(maps ? { maps } : {}) } } as unknown as Manifest;
}

/** JSON of each non-test node's SHARED_FIELDS value whose JSON another such value has too. */
function repeatedParts(manifest: Manifest): Map<unknown, string> {
  const jsonOf = new Map<unknown, string>();
  const count = new Map<string, number>();
  for (const node of Object.values(manifest.nodes) as unknown as AnyNodeRecord[]) {
    if (node.resource_type === 'test') continue;
    for (const field of SHARED_FIELDS) {
      const value = node[field];
      if (value === null || typeof value !== 'object' || jsonOf.has(value)) continue;
      const json = JSON.stringify(value);
      jsonOf.set(value, json);
      count.set(json, (count.get(json) ?? 0) + 1);
    }
  }
  for (const [value, json] of jsonOf) if (count.get(json)! < 2) jsonOf.delete(value);
  return jsonOf;
}

export function unpackManifest(packed: Manifest, files: ProjectFile[]): Manifest {
  const contents = new Map(files.map((file) => [file.path, file.contents]));
  const projectName = packed.metadata.project_name;
  const shared = (packed as unknown as Record<string, Shared | undefined>)[SHARED_KEY];
  // Parsed once; each node gets its own shallow copy (tags/meta arrays shared, as in a cold compile where a
  // test's tags are its config's).
  const configs = (shared?.configs ?? []).map((text) => JSON.parse(text) as Record<string, unknown>);
  // Macro lists are shared as they are, like a generic test's (node-templates.ts).
  const macroLists = (shared?.macroLists ?? []).map((text) => JSON.parse(text) as unknown[]);
  const relations = (shared?.relations ?? []).map((text) => withIdentifier(JSON.parse(text) as Record<string, unknown>));
  const fqnPrefixes = (shared?.fqnPrefixes ?? []).map((text) => JSON.parse(text) as unknown[]);
  const nodeTemplates = compileTemplates(shared?.nodeTemplates ?? []);
  // Shared as they are: nothing edits a node's config or columns in place (a changed config is a copy).
  const values = (shared?.values ?? []).map((text) => JSON.parse(text) as unknown);
  // Filled in place: the cached result is this compile's to hand out (as it was before packing), and
  // copying 20,000 nodes cost more than the rest of a warm compile.
  const nodes = packed.nodes as unknown as Record<string, AnyNodeRecord>;
  // The ids once, and each unpacked node beside its id: the maps below then need no second walk of (and no
  // lookups in) an object of 20,000 keys, which cost as much as the unpacking around them.
  const ids = Object.keys(nodes);
  const list: AnyNodeRecord[] = new Array(ids.length);
  for (let at = 0; at < ids.length; at++) {
    const id = ids[at]!;
    let node = nodes[id]!;
    if (Array.isArray(node)) {
      // Indexes, not `const [at, name] = node`: destructuring walks the array's iterator, which showed as a
      // tenth of unpacking 15,000 tests.
      const pair = node as unknown as [number, string];
      node = nodes[id] = nodeTemplates[pair[0]]!(pair[1]) as AnyNodeRecord;
      if (node.unique_id === null) node.unique_id = id;
      const config = node.config as Record<string, unknown>;
      if (node.tags === null) node.tags = config.tags;
      if (node.meta === null) node.meta = config.meta;
      list[at] = node;
      continue;
    }
    if (node.unique_id === null) node.unique_id = id;
    if (node.package_name === null) node.package_name = projectName;
    if (node.resource_type !== 'test') for (const field of SHARED_FIELDS) if (typeof node[field] === 'number') node[field] = values[node[field] as number];
    if (typeof node.config === 'number') node.config = { ...configs[node.config]! };
    const config = node.config as Record<string, unknown> | null | undefined;
    if (config && typeof config === 'object') {
      if (node.tags === null) node.tags = config.tags;
      if (node.meta === null) node.meta = config.meta;
    }
    if (typeof node.relation === 'number') node.relation = relations[node.relation]!(node.name);
    if (typeof node.fqn === 'number') node.fqn = [...fqnPrefixes[node.fqn]!, node.name];
    if (node.depends_on && typeof node.depends_on.macros === 'number') node.depends_on.macros = macroLists[node.depends_on.macros]!;
    if (node.raw_code === null) node.raw_code = node.test_metadata?.name !== undefined ? genericRawCode(node.test_metadata.name) : (contents.get(node.original_file_path ?? '') ?? '');
    list[at] = node;
  }
  if (packed.parent_map && packed.child_map) {
    const { [SHARED_KEY]: _shared, ...withoutShared } = packed as unknown as Record<string, unknown>;
    return { ...withoutShared, nodes } as unknown as Manifest;
  }
  const { parent_map, child_map } = (shared?.maps && unpackMaps(shared.maps, { ids, list: list as unknown as NodeList['list'] }, packed.sources)) || rebuildMaps(nodes, packed.sources);
  const { metadata, nodes: _nodes, sources, macros, docs, parent_map: _p, child_map: _c, [SHARED_KEY]: _s, ...rest } = packed as unknown as Record<string, unknown> & Manifest;
  return { metadata, nodes, sources, macros, docs, parent_map, child_map, ...rest } as unknown as Manifest;
}

/**
 * A function giving `{ ...relation, identifier }`, as a literal for the usual database + schema relation: a
 * spread goes through the generic object-clone path, several times slower for 5,000 models.
 */
function withIdentifier(relation: Record<string, unknown>): (identifier: unknown) => Record<string, unknown> {
  const keys = Object.keys(relation);
  if (keys.length === 2 && keys[0] === 'database' && keys[1] === 'schema') {
    const { database, schema } = relation;
    return (identifier) => ({ database, schema, identifier });
  }
  return (identifier) => ({ ...relation, identifier });
}

/**
 * The cached result with `manifest` packed on first read (by writeCompileCache, or a test): packing 20,000
 * nodes is work for the cache file, not for the compile the user is waiting on.
 */
export function lazilyPacked(base: Omit<CachedResult, 'manifest'>, manifest: Manifest, files: ProjectFile[]): CachedResult {
  let packed: Manifest | undefined;
  return Object.defineProperty({ ...base }, 'manifest', {
    enumerable: true,
    get: () => (packed ??= packManifest(manifest, files)),
  }) as CachedResult;
}
