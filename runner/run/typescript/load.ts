// Importing a TypeScript model at run time. esbuild bundles the file with its relative imports (the
// stats library, shared `_` helpers) into one plain ES module, which Node imports natively: no loader
// hooks, no per-file transpile on every import, and one compiled copy per content (Node's module cache
// keeps it for the rest of the process, e.g. across `clv watch` rebuilds). Packages stay external
// imports, so the bundle is written inside the project (node_modules/.cache, the usual tool cache) where
// they resolve exactly as they would from the model file.
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { TypeScriptModel } from '../../typescript-model.js';

async function bundle(projectRoot: string, absolute: string): Promise<string> {
  const result = await build({
    entryPoints: [absolute],
    absWorkingDir: projectRoot,
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const dir = path.join(projectRoot, 'node_modules', '.cache', 'clv-ts-models');
  // One prefix per model file (two models may share a base name in different folders).
  const prefix = `${path.basename(absolute, path.extname(absolute))}-${createHash('sha256').update(absolute).digest('hex').slice(0, 8)}-`;
  const file = path.join(dir, `${prefix}${hash}.mjs`);
  if (!existsSync(file)) {
    await fs.mkdir(dir, { recursive: true });
    // Write-then-rename: a parallel build of the same model never imports a half-written file.
    const partial = `${file}.${process.pid}.tmp`;
    await fs.writeFile(partial, code);
    await fs.rename(partial, file);
    // Earlier versions of this model: an imported module stays in memory, so removing its file is safe.
    for (const old of await fs.readdir(dir)) {
      if (old.startsWith(prefix) && old.endsWith('.mjs') && path.join(dir, old) !== file) await fs.rm(path.join(dir, old), { force: true });
    }
  }
  return file;
}

export async function loadTypeScriptModel(projectRoot: string, file: string): Promise<TypeScriptModel> {
  const absolute = path.resolve(projectRoot, file);
  let bundled: string;
  try {
    bundled = await bundle(projectRoot, absolute);
  } catch (error) {
    // esbuild's message names the file, line and column of each syntax or resolution error.
    const errors = (error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors;
    const detail = errors?.length
      ? errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text)).join('\n')
      : (error as Error).message;
    throw new Error(`${file} could not be compiled:\n${detail}`);
  }
  const module = (await import(pathToFileURL(bundled).href)) as { default?: unknown };
  const exported = module.default;
  if (!exported || typeof (exported as TypeScriptModel).run !== 'function') {
    throw new Error(`${file} does not default-export a model: write \`export default defineModel({ refs: [...], run(ctx) { ... } })\``);
  }
  return exported as TypeScriptModel;
}
