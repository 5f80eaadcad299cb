// tests/introspection run the CLI in-process on a copy of tests/fixtures/introspection-project.
import { join } from 'node:path';
import { copyFixtureTree, repoRoot } from '../framework/helpers.js';

export { clv, edit, query, readJson } from '../framework/helpers.js';

export const FIXTURE = join(repoRoot, 'tests/fixtures/introspection-project');

export const copyProject = (): string => copyFixtureTree('introspection-project');
