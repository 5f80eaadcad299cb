// Config resolution, lowest to highest precedence: defaults < project folder config (`models:` tree) <
// schema YAML `config:` < the file's own config(). As in dbt, `tags` and hooks accumulate and `meta` merges
// key by key; every other key is replaced.
import type { NodeConfig } from '../manifest.js';
import type { ConfigTree } from '../project/types.js';
import { hookKey, hookList } from './hooks.js';

/** Config keys whose values are objects, so a nested mapping with this name is config, not a folder. */
const OBJECT_CONFIGS = new Set(['meta', 'grants', 'column_types', 'persist_docs', 'docs', 'contract', 'freshness', 'quoting', 'labels', 'access', 'event_time', 'batch_size']);

export function normaliseKey(key: string): string {
  return key.startsWith('+') ? key.slice(1) : key;
}

export function mergeConfig(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [rawKey, value] of Object.entries(override)) {
    const key = normaliseKey(rawKey);
    if (value === undefined) continue;
    if (key === 'tags') {
      const existing = toList(merged.tags);
      merged.tags = [...existing, ...toList(value).filter((tag) => !existing.includes(tag))];
    } else if (hookKey(key)) {
      const canonical = hookKey(key)!;
      merged[canonical] = [...hookList(merged[canonical]), ...hookList(value)];
    } else if (key === 'meta' && isObject(value) && isObject(merged.meta)) {
      merged.meta = { ...(merged.meta as object), ...value };
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

export function toList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Config for a node at `fqn` = [project, ...folders, name] from a dbt-style tree. The tree may be scoped by
 * project name (dbt: `models: { my_project: { staging: ... } }`) or start at folders (project.yml:
 * `models: { staging: ... }`); both are honoured, project-scoped last so it wins.
 */
export function folderConfig(tree: ConfigTree, fqn: string[], projectName: string): Record<string, unknown> {
  let config = configsAt(tree);
  config = walk(tree, fqn.slice(1), config);
  const scoped = tree[projectName] ?? tree[`+${projectName}`];
  if (isObject(scoped)) config = walk(scoped, fqn.slice(1), mergeConfig(config, configsAt(scoped)));
  return config;
}

/**
 * folderConfig for thousands of nodes: resolved once per folder and shared (mergeConfig never changes its
 * base). A node's own name (last in its fqn) only matters when the tree has a key of that name; such a node
 * is resolved on its own.
 */
export function folderConfigResolver(tree: ConfigTree, projectName: string): (fqn: string[]) => Record<string, unknown> {
  const keys = new Set<string>();
  const collect = (level: unknown) => {
    if (!isObject(level)) return;
    for (const [key, value] of Object.entries(level)) {
      keys.add(key);
      collect(value);
    }
  };
  collect(tree);
  const byFolder = new Map<string, Record<string, unknown>>();
  return (fqn) => {
    const name = fqn[fqn.length - 1]!;
    if (keys.has(name) || name === '__proto__') return folderConfig(tree, fqn, projectName);
    const key = fqn.slice(0, -1).join('\u0000');
    let config = byFolder.get(key);
    if (!config) byFolder.set(key, (config = folderConfig(tree, fqn, projectName)));
    return config;
  };
}

function walk(tree: Record<string, unknown>, path: string[], config: Record<string, unknown>): Record<string, unknown> {
  let level = tree;
  let merged = config;
  for (const part of path) {
    const next = level[part];
    if (!isObject(next) || part.startsWith('+')) break;
    merged = mergeConfig(merged, configsAt(next));
    level = next;
  }
  return merged;
}

/** The config keys at one tree level: `+key` always; a bare key unless it is a nested folder. */
function configsAt(level: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(level)) {
    if (key.startsWith('+') || !isObject(value) || OBJECT_CONFIGS.has(key)) out[key] = value;
  }
  return out;
}

export function withDefaults(materialized: NodeConfig['materialized'], resolved: Record<string, unknown>): NodeConfig {
  const config = mergeConfig({ enabled: true, materialized, tags: [], meta: {} }, resolved) as NodeConfig;
  config.tags = toList(config.tags);
  config.enabled = (config.enabled as unknown) !== false && (config.enabled as unknown) !== 'false';
  return config;
}
