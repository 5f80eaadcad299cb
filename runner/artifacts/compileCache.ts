// Persist compile()'s content-hash cache between invocations so a second compile of an unchanged project
// reuses rendered templates. A missing or unreadable cache is simply a cold compile.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CompileCache } from '../compile/index.js';
import type { LoadedProject } from '../project/types.js';

const cachePath = (project: LoadedProject): string => resolve(project.root, project.config.targetPath, 'compile_cache.json');

export async function loadCompileCache(project: LoadedProject): Promise<CompileCache | undefined> {
  try {
    return JSON.parse(await readFile(cachePath(project), 'utf8')) as CompileCache;
  } catch {
    return undefined;
  }
}

export async function saveCompileCache(project: LoadedProject, cache: CompileCache): Promise<void> {
  const path = cachePath(project);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(cache));
}
