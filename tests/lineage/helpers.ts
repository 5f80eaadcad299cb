// Lineage tests work on a temporary copy of tests/fixtures/lineage/shop (compile writes target/ into it).
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../framework/helpers.js';

export function copyLineageFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'clv-lineage-'));
  cpSync(join(repoRoot, 'tests/fixtures/lineage/shop'), dir, { recursive: true });
  return dir;
}
