// tests/graph run the CLI in-process on a copy of tests/fixtures/graph-project, and compile it in memory.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../framework/helpers.js';

export { clv, edit, query, readJson } from '../framework/helpers.js';

export const FIXTURE = join(repoRoot, 'tests/fixtures/graph-project');

export function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'clv-graph-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}
