// packages.yml / dependencies.yml: which dbt packages a project declares. clv installs none (no network);
// the ones it bundles (runner/compile/packages/) stand in for them, and the rest are named in a warning, so
// a project that calls them fails at its first use with the package named rather than somewhere obscure.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

export const BUNDLED_PACKAGES = ['dbt_utils'];

/** Package names (dbt_utils, not dbt-labs/dbt_utils) the project's packages.yml / dependencies.yml list. */
export async function declaredPackages(root: string): Promise<{ names: string[]; warnings: string[] }> {
  const names: string[] = [];
  const warnings: string[] = [];
  for (const file of ['packages.yml', 'dependencies.yml']) {
    let text: string;
    try {
      text = await fs.readFile(path.join(root, file), 'utf8');
    } catch {
      continue;
    }
    let parsed: unknown;
    try {
      parsed = yaml.load(text);
    } catch (error) {
      warnings.push(`${file}: not read (${(error as Error).message.split('\n')[0]}): its packages are ignored`);
      continue;
    }
    const entries = (parsed as { packages?: unknown } | null)?.packages;
    if (!Array.isArray(entries)) continue;
    for (const entry of entries as Record<string, unknown>[]) {
      const name = packageName(entry);
      if (name && !names.includes(name)) names.push(name);
    }
  }
  const missing = names.filter((name) => !BUNDLED_PACKAGES.includes(name));
  if (missing.length > 0) {
    warnings.push(`packages ${missing.join(', ')} are declared but clv does not install dbt packages: copy the macros you use into macros/ (bundled: ${BUNDLED_PACKAGES.join(', ')})`);
  }
  return { names, warnings };
}

/** `package: dbt-labs/dbt_utils` → dbt_utils; `git: https://github.com/dbt-labs/dbt-utils.git` → dbt_utils. */
function packageName(entry: Record<string, unknown> | null): string | undefined {
  const spec = entry?.['package'] ?? entry?.['git'] ?? entry?.['local'] ?? entry?.['tarball'];
  if (typeof spec !== 'string') return undefined;
  const last = spec.replace(/\.git$/, '').replace(/\/+$/, '').split(/[/:]/).pop() ?? '';
  return last.replace(/-/g, '_') || undefined;
}
