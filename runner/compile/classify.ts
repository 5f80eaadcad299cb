// Sorting a project's files by role, from the folders the project config assigns them.
import type { ProjectConfig, ProjectFile } from '../project/types.js';
import { isTypeScriptModelFile } from './typescript-model.js';

export interface ClassifiedFiles {
  models: ProjectFile[];
  macros: ProjectFile[];
  schemaYaml: ProjectFile[];
  docs: ProjectFile[];
  singularTests: ProjectFile[];
  /** Files of `{% snapshot %}` blocks under the snapshot paths. */
  snapshots: ProjectFile[];
  /** SQL under the analysis paths: compiled like models, never run (compile/analyses.ts). */
  analyses: ProjectFile[];
}

const under = (file: string, dirs: string[]) => dirs.some((dir) => file === dir || file.startsWith(`${dir.replace(/\/+$/, '')}/`));

export function classifyFiles(files: ProjectFile[], config: ProjectConfig): ClassifiedFiles {
  const out: ClassifiedFiles = { models: [], macros: [], schemaYaml: [], docs: [], singularTests: [], snapshots: [], analyses: [] };
  for (const file of files) {
    const { path } = file;
    if (path.endsWith('.yml') || path.endsWith('.yaml')) {
      if (under(path, [...config.modelPaths, ...config.seedPaths, ...config.macroPaths, ...config.testPaths, ...config.snapshotPaths])) out.schemaYaml.push(file);
    } else if (path.endsWith('.md')) {
      out.docs.push(file);
    } else if (path.endsWith('.sql')) {
      if (under(path, config.macroPaths)) out.macros.push(file);
      else if (under(path, config.testPaths)) {
        const inTestPath = path.slice(config.testPaths.find((dir) => under(path, [dir]))!.length);
        // dbt keeps custom generic tests ({% test %} blocks) in tests/generic/.
        if (/(^|\/)generic\//.test(inTestPath)) out.macros.push(file);
        // <test-path>/fixtures/ holds unit-test fixtures (read by runner/unit-tests), never tests; dbt skips
        // exactly that first-level folder when it collects singular tests.
        else if (!/^\/?fixtures\//.test(inTestPath)) out.singularTests.push(file);
      } else if (under(path, config.modelPaths)) out.models.push(file);
      else if (under(path, config.snapshotPaths)) out.snapshots.push(file);
      else if (under(path, config.analysisPaths ?? [])) out.analyses.push(file);
    } else if (isTypeScriptModelFile(path) && under(path, config.modelPaths)) {
      out.models.push(file); // clv: TypeScript models (runner/compile/typescript-model.ts)
    }
  }
  return out;
}
