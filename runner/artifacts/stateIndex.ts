// target/state_index.json: manifest.json cut down to what `--state` reads (state:modified comparison and
// --defer), written beside it at artifact time. The full manifest of a 5,000-model project is ~30 MB, most
// of it SQL, test definitions and maps the comparison never reads (it compares file checksums); parsing it
// was most of a slim-CI selection's time. Nodes keep their checksum, config, relation and vars read; the
// configs are stored once each (thousands of tests share a handful). Read back it is a Manifest again, so
// the state code takes either file.
//
// Its `source` pins the manifest.json it was cut from (byte size + invocation id): a state folder where
// only manifest.json was replaced (a dbt-produced one, a copy from another machine) falls back to it.
import type { AnyNode, Manifest, NodeConfig } from '../manifest.js';
import { bodyOf } from '../state/compare.js';

export const STATE_INDEX_FILE = 'state_index.json';
export const STATE_INDEX_VERSION = 1;
const FRAMEWORK_MACRO = /^macro\.(dbt|clv)\./;

export interface StateIndexSource {
  /** Bytes of the manifest.json it was cut from. */
  size: number;
  invocation_id?: string;
  generated_at: string;
}

export interface StateIndexDocument {
  clv_state_index: number;
  source: StateIndexSource;
  /** Distinct node configs; a node's `config` is an index into this list. */
  configs: NodeConfig[];
  /** A Manifest of slimNode()s; no docs, no parent/child maps, only the project's macros. */
  manifest: Manifest;
  /** The framework's macros by file (see slimMacros); absent in indexes written before it existed. */
  framework_macros?: FrameworkMacros;
}

type FrameworkMacros = Record<string, { checksum: string; ids: string[] }>;

/** Descriptions and columns count only where persist_docs writes them or a contract is enforced. */
const needsColumns = (node: AnyNode): boolean => node.config?.persist_docs !== undefined || node.config?.contract !== undefined;

/** What --state reads of a previous node: its type, checksum (or `clv_body`, the definition compared when
 * there is none), config, relation (--defer), vars read, and columns only where they can count. */
function slimNode(node: AnyNode, configIndex: (config: NodeConfig) => number): Record<string, unknown> {
  // unique_id is the record's key (put back on read); tests are never deferred to, so keep no relation.
  const out: Record<string, unknown> = { resource_type: node.resource_type, checksum: node.checksum, config: configIndex(node.config) };
  if (!node.checksum) out.clv_body = bodyOf(node);
  if (node.resource_type !== 'test' && node.relation) out.relation = node.relation;
  if ('vars_used' in node && node.vars_used?.length) out.vars_used = node.vars_used;
  if (needsColumns(node)) {
    out.description = node.description;
    if ('columns' in node) out.columns = node.columns;
  }
  return out;
}

export function stateIndex(manifest: Manifest, source: StateIndexSource): StateIndexDocument {
  const configs: NodeConfig[] = [];
  const seen = new Map<string, number>();
  // Keyed by plain JSON text: equal configs from one compile serialise identically; a miss only costs a
  // duplicate entry, never a wrong comparison.
  const configIndex = (config: NodeConfig): number => {
    const key = JSON.stringify(config ?? {});
    let i = seen.get(key);
    if (i === undefined) {
      seen.set(key, (i = configs.length));
      configs.push(config ?? {});
    }
    return i;
  };
  const slim = <T>(record: Record<string, AnyNode>) => {
    const out: Record<string, unknown> = {};
    for (const id in record) out[id] = slimNode(record[id]!, configIndex);
    return out as T;
  };
  const nodes = slim<Manifest['nodes']>(manifest.nodes);
  const sources = slim<Manifest['sources']>(manifest.sources);
  const { project, framework } = slimMacros(manifest.macros);
  return { clv_state_index: STATE_INDEX_VERSION, source, configs, framework_macros: framework, manifest: { ...manifest, nodes, sources, macros: project, docs: {}, parent_map: {}, child_map: {} } };
}

/**
 * The framework's own macros (dbt's generic tests and cross-database macros, ~100) are stored as one entry
 * per file: their ids and the file checksum. Their text changes only with the clv version and the checksum
 * says when (state comparison falls back to it: coarser, never missing a change). A project's macros keep
 * their text and calls.
 */
function slimMacros(macros: Manifest['macros']): { project: Manifest['macros']; framework: FrameworkMacros } {
  const project: Manifest['macros'] = {};
  const framework: FrameworkMacros = {};
  for (const id in macros) {
    const macro = macros[id]!;
    if (!FRAMEWORK_MACRO.test(id)) project[id] = macro;
    else (framework[macro.original_file_path] ??= { checksum: macro.checksum, ids: [] }).ids.push(id);
  }
  return { project, framework };
}

/** The state index of the manifest.json text `manifestJson` (or its bytes), as written beside it. */
export function stateIndexText(manifest: Manifest, manifestJson: string | Buffer): string {
  return JSON.stringify(stateIndex(manifest, {
    size: typeof manifestJson === 'string' ? Buffer.byteLength(manifestJson) : manifestJson.length,
    ...(manifest.metadata.invocation_id ? { invocation_id: manifest.metadata.invocation_id } : {}),
    generated_at: manifest.metadata.generated_at,
  }));
}

/** The Manifest a state index document stands for (configs put back on their nodes). */
export function manifestOfStateIndex(doc: StateIndexDocument): Manifest {
  for (const record of [doc.manifest.nodes, doc.manifest.sources]) {
    for (const id in record) {
      const node = record[id] as unknown as { config: unknown; unique_id: string };
      node.config = doc.configs[node.config as number] ?? {};
      node.unique_id = id;
    }
  }
  for (const [file, { checksum, ids }] of Object.entries(doc.framework_macros ?? {})) {
    for (const id of ids) doc.manifest.macros[id] = { unique_id: id, name: id.split('.').pop()!, original_file_path: file, checksum };
  }
  return doc.manifest;
}
