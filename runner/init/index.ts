// `clv init [dir]`: scaffold a new project that builds as is. Never overwrites: an existing project or any
// file the template would write stops it before anything is written.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { TEMPLATE } from './template.js';

export interface InitResult {
  root: string;
  name: string;
  files: string[];
}

/** A project name is a SQL/Jinja identifier: the folder name, lowercased, other characters as `_`. */
export function projectNameFor(dir: string): string {
  const name = basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9_]/g, '_').replace(/^(?=\d)/, '_');
  return name || 'my_project';
}

export async function initProject(dir: string, options: { name?: string } = {}): Promise<InitResult> {
  const root = resolve(dir);
  const name = options.name ?? projectNameFor(root);
  if (!/^[A-Za-z_]\w*$/.test(name)) {
    throw new UsageError(`"${name}" cannot be a project name: use letters, digits and underscores, not starting with a digit.`, { hint: 'e.g. clv init my_shop' });
  }
  for (const existing of ['project.yml', 'dbt_project.yml']) {
    if (existsSync(join(root, existing))) {
      throw new UsageError(`${join(root, existing)} already exists: ${root} is a project already.`, { hint: 'Run `clv init <new folder>` to start another project.' });
    }
  }
  const clashes = Object.keys(TEMPLATE).filter((file) => existsSync(join(root, file)));
  if (clashes.length > 0) {
    throw new UsageError(`clv init would overwrite ${clashes.join(', ')} in ${root}.`, { hint: 'Move those files away, or scaffold into an empty folder.' });
  }
  for (const [file, text] of Object.entries(TEMPLATE)) {
    const path = join(root, file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text.replaceAll('{{project}}', name));
  }
  return { root, name, files: Object.keys(TEMPLATE) };
}
