// tests/graph run the CLI in-process on a copy of tests/fixtures/graph-project, and compile it in memory.
import { copyFixtureTree } from '../framework/helpers.js';

export { clv, edit, query, readJson } from '../framework/helpers.js';

export const copyProject = (): string => copyFixtureTree('graph-project');
