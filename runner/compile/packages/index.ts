// The dbt packages clv bundles, as macro files registered under the package's name when a project declares it.
import { DBT_UTILS_FILE, DBT_UTILS_MACROS, DBT_UTILS_PACKAGE } from './dbt-utils.js';

export interface PackageMacroFile {
  path: string;
  contents: string;
  pkg: string;
}

const BUNDLED: Record<string, PackageMacroFile> = {
  [DBT_UTILS_PACKAGE]: { path: DBT_UTILS_FILE, contents: DBT_UTILS_MACROS, pkg: DBT_UTILS_PACKAGE },
};

export function bundledPackageMacros(declared: readonly string[]): PackageMacroFile[] {
  return declared.flatMap((name) => (BUNDLED[name] ? [BUNDLED[name]!] : []));
}
