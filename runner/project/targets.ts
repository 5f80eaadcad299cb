// Resolving the warehouse target: project.yml `targets:` (ours) or dbt's profiles.yml.
//
// Default target when project.yml declares none: DuckDB in the file `<project root>/<name>.duckdb`. It lives
// beside project.yml rather than in target/ so `clv clean` (which wipes target/) never deletes the data, and
// the user opens it with `duckdb <name>.duckdb`. `*.duckdb` is git-ignored.
import path from 'node:path';
import { ProjectError } from '../errors.js';
import { didYouMean } from './closest.js';
import type { ResolvedTarget } from './types.js';

export interface TargetChoice {
  target: ResolvedTarget;
  targetNames: string[];
}

type TargetBlocks = Record<string, Record<string, unknown>>;

export function defaultDuckdbTarget(root: string, projectName: string): Record<string, unknown> {
  return { type: 'duckdb', path: `${projectName}.duckdb`, schema: 'main', threads: 4 };
}

/** Pick `requested` (or the default) among named target blocks and normalise it. */
export function chooseTarget(
  blocks: TargetBlocks,
  requested: string | undefined,
  defaultName: string,
  context: { root: string; file: string },
): TargetChoice {
  const targetNames = Object.keys(blocks);
  const name = requested ?? defaultName;
  const block = blocks[name];
  if (!block) {
    throw new ProjectError(`target '${name}' is not defined in ${context.file}`, {
      location: { file: context.file },
      hint: [didYouMean(name, targetNames), `Defined targets: ${targetNames.join(', ') || '(none)'}.`].filter(Boolean).join(' '),
    });
  }
  return { target: normaliseTarget(name, block, context.root), targetNames };
}

function normaliseTarget(name: string, block: Record<string, unknown>, root: string): ResolvedTarget {
  const type = String(block.type);
  const threads = Number(block.threads ?? 4);
  const target: ResolvedTarget = { ...block, name, type, schema: String(block.schema ?? 'main'), threads: Number.isFinite(threads) && threads > 0 ? threads : 4 };
  if (type === 'duckdb') {
    const file = String(block.path ?? ':memory:');
    const inMemory = file === ':memory:' || file.startsWith(':memory:');
    const isUri = /^[a-z][a-z0-9+.-]*:/i.test(file) && !/^[a-z]:[\\/]/i.test(file);
    // DuckDB names an attached database file's catalog after its basename; relations are rendered with it.
    target.path = inMemory || isUri ? file : path.resolve(root, file);
    target.database = block.database !== undefined ? String(block.database) : inMemory ? 'memory' : path.basename(file).replace(/\.[^.]*$/, '');
  } else if (block.database !== undefined) {
    target.database = String(block.database);
  }
  return target;
}
