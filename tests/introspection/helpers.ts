// tests/introspection run the CLI in-process on a copy of tests/fixtures/introspection-project.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../framework/helpers.js';

export { clv, edit, query, readJson } from '../framework/helpers.js';

export const FIXTURE = join(repoRoot, 'tests/fixtures/introspection-project');

export function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'clv-introspection-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}
