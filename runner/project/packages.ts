// packages.yml / dependencies.yml: which dbt packages a project declares. clv installs none (no network).
// A package already installed by `dbt deps` (dbt_packages/<name>/) is read like the project's own macros;
// the ones clv bundles (runner/compile/packages/) stand in for the rest; any other is named in a warning, so
// a project that calls it fails at its first use with the package named rather than somewhere obscure.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { readTextFiles } from './files.js';
import type { ProjectFile } from './types.js';
import { BUNDLED_PACKAGES } from '../compile/packages/index.js';

export interface InstalledPackage {
  name: string;
  /** Its macro files (paths relative to the project root, e.g. dbt_packages/dbt_date/macros/x.sql). */
  macros: ProjectFile[];
}

/**
 * The declared packages, and the installed ones clv reads: every dbt_packages/<dir> with a dbt_project.yml,
 * except those clv bundles (written for clv's compiler, which does not read the warehouse while compiling,
 * as e.g. the original dbt_utils star() and union_relations() do).
 */
export async function projectPackages(root: string): Promise<{ names: string[]; installed: InstalledPackage[]; warnings: string[] }> {
  const [declared, installPath] = await Promise.all([declaredPackages(root), packagesInstallPath(root)]);
  const installed = (await installedPackages(root, installPath)).filter((p) => !BUNDLED_PACKAGES.includes(p.name));
  const names = [...new Set([...declared.names, ...installed.map((p) => p.name)])];
  const missing = names.filter((name) => !BUNDLED_PACKAGES.includes(name) && !installed.some((p) => p.name === name));
  const warnings = [...declared.warnings];
  if (missing.length > 0) {
    warnings.push(`packages ${missing.join(', ')} are declared but not installed, and clv does not install dbt packages: run \`dbt deps\` (clv reads ${installPath}/) or copy the macros you use into macros/ (bundled: ${BUNDLED_PACKAGES.join(', ')})`);
  }
  return { names, installed, warnings };
}

/** dbt_project.yml's `packages-install-path` (where `dbt deps` put them), default dbt_packages. */
async function packagesInstallPath(root: string): Promise<string> {
  try {
    const config = yaml.load(await fs.readFile(path.join(root, 'dbt_project.yml'), 'utf8')) as Record<string, unknown> | null;
    const value = config?.['packages-install-path'];
    return typeof value === 'string' && value.trim() ? value.trim().replace(/\/+$/, '') : 'dbt_packages';
  } catch {
    return 'dbt_packages';
  }
}

async function installedPackages(root: string, installPath: string): Promise<InstalledPackage[]> {
  let dirs: string[];
  try {
    dirs = (await fs.readdir(path.join(root, installPath), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
  const packages: InstalledPackage[] = [];
  for (const dir of dirs) {
    const base = path.posix.join(installPath, dir);
    let config: { name?: unknown; 'macro-paths'?: unknown } | null;
    try {
      config = yaml.load(await fs.readFile(path.join(root, base, 'dbt_project.yml'), 'utf8')) as typeof config;
    } catch {
      continue;
    }
    const name = typeof config?.name === 'string' ? config.name : dir;
    const macroPaths = Array.isArray(config?.['macro-paths']) ? (config!['macro-paths'] as unknown[]).map(String) : ['macros'];
    const files = await readTextFiles(root, macroPaths.map((p) => path.posix.join(base, p)));
    packages.push({ name, macros: files.filter((f) => f.path.endsWith('.sql')) });
  }
  return packages;
}

/** Package names (dbt_utils, not dbt-labs/dbt_utils) the project's packages.yml / dependencies.yml list. */
async function declaredPackages(root: string): Promise<{ names: string[]; warnings: string[] }> {
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
  return { names, warnings };
}

/** `package: dbt-labs/dbt_utils` → dbt_utils; `git: https://github.com/dbt-labs/dbt-utils.git` → dbt_utils. */
function packageName(entry: Record<string, unknown> | null): string | undefined {
  const spec = entry?.['package'] ?? entry?.['git'] ?? entry?.['local'] ?? entry?.['tarball'];
  if (typeof spec !== 'string') return undefined;
  const last = spec.replace(/\.git$/, '').replace(/\/+$/, '').split(/[/:]/).pop() ?? '';
  return last.replace(/-/g, '_') || undefined;
}
