// Importing a TypeScript model at run time through tsx (no build step for model files).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import type { TypeScriptModel } from '../../typescript-model.js';

export async function loadTypeScriptModel(projectRoot: string, file: string): Promise<TypeScriptModel> {
  const absolute = path.resolve(projectRoot, file);
  const module = (await tsImport(pathToFileURL(absolute).href, { parentURL: import.meta.url })) as { default?: unknown };
  // tsImport of an ESM file yields the namespace; a CommonJS-interpreted file nests it one level deeper.
  let exported = module.default;
  if (exported && typeof exported === 'object' && 'default' in exported && typeof (exported as { run?: unknown }).run !== 'function') {
    exported = (exported as { default: unknown }).default;
  }
  if (!exported || typeof (exported as TypeScriptModel).run !== 'function') {
    throw new Error(`${file} does not default-export a model: write \`export default defineModel({ refs: [...], run(ctx) { ... } })\``);
  }
  return exported as TypeScriptModel;
}
