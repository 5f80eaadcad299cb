// Projects the browser tests document: the repository's own clv project built on a small simulated store
// (copied to a temp folder so target/ and the database stay out of the checkout), and small fixtures.
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStore, landStore } from '../../bench/models-store.js';
import { build } from '../../runner/api.js';

export const REPO = path.resolve(import.meta.dirname, '../..');

export function tempCopy(prefix: string, from: string, entries: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  for (const entry of entries) cpSync(path.join(from, entry), path.join(dir, entry), { recursive: true });
  return dir;
}

export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** The clv project on `customers` simulated customers, built into <dir>/clv.duckdb. */
export async function builtClvProject(customers: number): Promise<{ dir: string; success: boolean; failures: string[] }> {
  const dir = tempCopy('clv-docs-', REPO, ['project.yml', 'models', 'macros', 'seeds', 'tests/data']);
  // TypeScript models import the stats library and the runner's model API by relative path.
  for (const code of ['stats', 'runner']) symlinkSync(path.join(REPO, code), path.join(dir, code), 'dir');
  await landStore(path.join(dir, 'clv.duckdb'), createStore({ customers, seed: 7 }));
  const result = await build({ projectDir: dir, threads: 2 });
  const failures = result.results.results.filter((r) => r.status === 'error' || r.status === 'fail').map((r) => `${r.unique_id}: ${r.message}`);
  return { dir, success: result.success, failures };
}
