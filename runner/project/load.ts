// The I/O half of compile: read project config, target and every project file into a LoadedProject.
import path from 'node:path';
import { readProjectFile } from './project-file.js';
import { readSeeds, readTextFiles } from './files.js';
import { projectPackages } from './packages.js';
import type { LoadedProject } from './types.js';

export interface LoadOptions {
  target?: string;
  vars?: Record<string, unknown>;
  /** Defaults to process.env; tests pass their own. */
  env?: Record<string, string | undefined>;
  /** --target-path: where artifacts and caches go, over CLV_TARGET_PATH / DBT_TARGET_PATH and `target-path`. */
  targetPath?: string;
}

/** dbt's precedence for the artifacts folder: the flag, then the environment, then the project file. */
export function effectiveTargetPath(fromFile: string, flag: string | undefined, env: Record<string, string | undefined>): string {
  return flag || env['CLV_TARGET_PATH'] || env['DBT_TARGET_PATH'] || fromFile;
}

export async function loadProject(root: string, options: LoadOptions = {}): Promise<LoadedProject> {
  const absoluteRoot = path.resolve(root);
  const env = options.env ?? process.env;
  const { config: fileConfig, target, targetNames, warnings } = await readProjectFile(absoluteRoot, {
    target: options.target,
    vars: options.vars,
    env,
  });
  const config = { ...fileConfig, targetPath: effectiveTargetPath(fileConfig.targetPath, options.targetPath, env) };
  const textDirs = [...config.modelPaths, ...config.macroPaths, ...config.testPaths, ...config.seedPaths, ...config.docsPaths, ...config.snapshotPaths, ...(config.analysisPaths ?? [])];
  const [files, seeds, packages] = await Promise.all([readTextFiles(absoluteRoot, textDirs), readSeeds(absoluteRoot, config.seedPaths), projectPackages(absoluteRoot)]);
  const packageMacros = packages.installed.flatMap((p) => p.macros.map((file) => ({ ...file, pkg: p.name })));
  return { root: absoluteRoot, config, target, targetNames, files, seeds, warnings: [...warnings, ...packages.warnings], packages: packages.names, packageMacros };
}
