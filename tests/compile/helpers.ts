// A tiny dialect for compile tests: relations print as db.schema.identifier without quotes, and its name
// ('fake') proves dispatch picks `fake__x` over `default__x`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type CompileOptions } from '../../runner/compile/index.js';
import type { RelationRef } from '../../runner/manifest.js';
import { loadProject } from '../../runner/project/load.js';
import type { ClvError } from '../../runner/errors.js';

export const fakeDialect = {
  name: 'fake',
  renderRelation: (relation: RelationRef) => [relation.database, relation.schema, relation.identifier].filter(Boolean).join('.'),
};

export const fixture = (...parts: string[]) => path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', ...parts);

export async function compileFixture(dir: string[], options: Partial<CompileOptions> = {}) {
  const project = await loadProject(fixture(...dir), { env: {} });
  return { project, ...compile(project, { dialect: fakeDialect, generatedAt: '2024-01-01T00:00:00Z', ...options }) };
}

export async function compileError(dir: string[]): Promise<ClvError> {
  try {
    await compileFixture(dir);
  } catch (error) {
    return error as ClvError;
  }
  throw new Error(`expected ${dir.join('/')} to fail`);
}
