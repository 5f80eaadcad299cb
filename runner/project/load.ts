// The I/O half of compile: read project config, target and every project file into a LoadedProject.
import path from 'node:path';
import { readProjectFile } from './project-file.js';
import { readSeeds, readTextFiles } from './files.js';
import type { LoadedProject } from './types.js';

export interface LoadOptions {
  target?: string;
  vars?: Record<string, unknown>;
  /** Defaults to process.env; tests pass their own. */
  env?: Record<string, string | undefined>;
}

export async function loadProject(root: string, options: LoadOptions = {}): Promise<LoadedProject> {
  const absoluteRoot = path.resolve(root);
  const { config, target, targetNames, warnings } = await readProjectFile(absoluteRoot, {
    target: options.target,
    vars: options.vars,
    env: options.env ?? process.env,
  });
  const textDirs = [...config.modelPaths, ...config.macroPaths, ...config.testPaths, ...config.seedPaths, ...config.docsPaths];
  const [files, seeds] = await Promise.all([readTextFiles(absoluteRoot, textDirs), readSeeds(absoluteRoot, config.seedPaths)]);
  return { root: absoluteRoot, config, target, targetNames, files, seeds, warnings };
}
