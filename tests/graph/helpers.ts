// tests/graph run the CLI in-process on a copy of tests/fixtures/graph-project, and compile it in memory.
import { join } from 'node:path';
import { copyFixtureTree, repoRoot } from '../framework/helpers.js';

export { clv, edit, query, readJson } from '../framework/helpers.js';

export const FIXTURE = join(repoRoot, 'tests/fixtures/graph-project');

export const copyProject = (): string => copyFixtureTree('graph-project');
