// Slim CI tests work on copies of tests/fixtures/framework-state/<name>: compile "production" once, keep its
// manifest.json as the state, edit the copy, then select against that state.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileProject, list } from '../../runner/api.js';
import { selectNodes } from '../../runner/plan/index.js';
import { repoRoot } from '../framework/helpers.js';

export function copyStateFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `clv-state-${name}-`));
  cpSync(join(repoRoot, 'tests/fixtures/framework-state', name), dir, { recursive: true });
  return dir;
}

/** Compiles `dir` as it is and copies its manifest.json to a fresh state folder (what CI keeps from prod);
 * with `index`, also the state_index.json written beside it (what --state reads first). */
export async function saveState(dir: string, target?: string, options: { index?: boolean } = {}): Promise<string> {
  const compiled = await compileProject({ projectDir: dir, target });
  await compiled.written;
  const state = mkdtempSync(join(tmpdir(), 'clv-state-prod-'));
  mkdirSync(state, { recursive: true });
  writeFileSync(join(state, 'manifest.json'), readFileSync(join(dir, 'target/manifest.json')));
  if (options.index) writeFileSync(join(state, 'state_index.json'), readFileSync(join(dir, 'target/state_index.json')));
  return state;
}

export interface SelectExtra {
  exclude?: string[];
  vars?: Record<string, unknown>;
  /** Pull in the tests of selected nodes as `clv ls` does (dbt's eager indirect selection); default: only
   * what the selectors themselves pick, so the matrix sees exactly what state: marked. */
  eager?: boolean;
}

/** Sorted unique ids `--select <select> --state <state>` picks. */
export async function selected(dir: string, state: string, select: string[], extra: SelectExtra = {}): Promise<string[]> {
  const { eager, ...options } = extra;
  if (eager) return (await list({ projectDir: dir, state, select, ...options })).nodes.map((n) => n.unique_id).sort();
  const compiled = await compileProject({ projectDir: dir, state, vars: options.vars });
  await compiled.written;
  return [...selectNodes(compiled.manifest, { select, exclude: options.exclude, state: compiled.previous, indirectSelection: 'empty' })].sort();
}

export function edit(dir: string, file: string, change: (text: string) => string): void {
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`edit of ${file} changed nothing`);
  writeFileSync(path, after);
}
