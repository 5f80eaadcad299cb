// Every macro file a compile registers, in registration order: clv's, dbt's global ones, packages', then the
// project's own (a project macro of the same name wins, as a root-project macro does in dbt). Shared by
// compile and by the runner's render of one node with warehouse answers (introspection/rerender.ts).
import type { LoadedProject, ProjectFile } from '../project/types.js';
import { BUILTIN_MACROS, BUILTIN_MACROS_FILE } from './generic-tests/builtins.js';
import { GLOBAL_MACROS, GLOBAL_MACROS_FILE, GLOBAL_MACROS_PACKAGE } from './global-macros.js';
import { bundledPackageMacros } from './packages/index.js';

export interface MacroSource {
  path: string;
  contents: string;
  pkg: string;
}

export function macroSourcesOf(project: LoadedProject, macroFiles: ProjectFile[]): MacroSource[] {
  return [
    { path: BUILTIN_MACROS_FILE, contents: BUILTIN_MACROS, pkg: 'clv' },
    { path: GLOBAL_MACROS_FILE, contents: GLOBAL_MACROS, pkg: GLOBAL_MACROS_PACKAGE },
    ...bundledPackageMacros(project.packages ?? []),
    ...(project.packageMacros ?? []),
    ...macroFiles.map((file) => ({ ...file, pkg: project.config.name })),
  ];
}
