// The dbt packages clv bundles, as macro files registered under the package's name when a project declares it.
import { DBT_DATE_FILE, DBT_DATE_MACROS, DBT_DATE_PACKAGE } from './dbt-date.js';
import { DBT_EXPECTATIONS_FILE, DBT_EXPECTATIONS_MACROS, DBT_EXPECTATIONS_PACKAGE } from './dbt-expectations.js';
import { DBT_UTILS_FILE, DBT_UTILS_MACROS, DBT_UTILS_PACKAGE } from './dbt-utils.js';

export interface PackageMacroFile {
  path: string;
  contents: string;
  pkg: string;
}

const BUNDLED: Record<string, PackageMacroFile> = {
  [DBT_UTILS_PACKAGE]: { path: DBT_UTILS_FILE, contents: DBT_UTILS_MACROS, pkg: DBT_UTILS_PACKAGE },
  [DBT_EXPECTATIONS_PACKAGE]: { path: DBT_EXPECTATIONS_FILE, contents: DBT_EXPECTATIONS_MACROS, pkg: DBT_EXPECTATIONS_PACKAGE },
  [DBT_DATE_PACKAGE]: { path: DBT_DATE_FILE, contents: DBT_DATE_MACROS, pkg: DBT_DATE_PACKAGE },
};

export const BUNDLED_PACKAGES = Object.keys(BUNDLED);

export function bundledPackageMacros(declared: readonly string[]): PackageMacroFile[] {
  return declared.flatMap((name) => (BUNDLED[name] ? [BUNDLED[name]!] : []));
}
