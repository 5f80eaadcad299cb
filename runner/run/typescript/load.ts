// Importing a TypeScript model at run time. esbuild bundles the file with its relative imports (the
// stats library, shared `_` helpers) into one plain ES module, which Node imports natively: no loader
// hooks, no per-file transpile on every import, and one compiled copy per content (Node's module cache
// keeps it for the rest of the process, e.g. across `clv watch` rebuilds). Packages stay external
// imports, so the bundle is written inside the project (node_modules/.cache, the usual tool cache) where
// they resolve exactly as they would from the model file. Beside each bundle a small index lists the
// files it was built from with their content hashes: while none changed, the bundle is reused without
// running esbuild (about 50 ms of CPU per model and invocation).
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, version as esbuildVersion, type Loader, type Plugin } from 'esbuild';
import type { TypeScriptModel } from '../../typescript-model.js';

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** Files whose content decides the bundle besides its inputs: esbuild reads the project's tsconfig.json
 * and package.json. */
const SETTINGS_FILES = ['tsconfig.json', 'package.json'];

/** What a bundle was built from: every input file's content hash (paths relative to the project). */
interface BundleIndex {
  key: string;
  file: string;
  inputs: Record<string, string>;
}

const contentHash = async (file: string): Promise<string | undefined> => {
  try {
    return sha256(await fs.readFile(file));
  } catch {
    return undefined;
  }
};

async function inputsHash(projectRoot: string, files: string[]): Promise<Record<string, string | undefined>> {
  const hashes = await Promise.all(files.map((file) => contentHash(path.resolve(projectRoot, file))));
  return Object.fromEntries(files.map((file, i) => [file, hashes[i]]));
}

/** The bundle a previous run built from the same files, when every one of them is unchanged. */
async function reusable(projectRoot: string, indexFile: string, key: string): Promise<string | undefined> {
  let index: BundleIndex;
  try {
    index = JSON.parse(await fs.readFile(indexFile, 'utf8')) as BundleIndex;
  } catch {
    return undefined;
  }
  if (index.key !== key || !existsSync(index.file)) return undefined;
  const now = await inputsHash(projectRoot, Object.keys(index.inputs));
  return Object.entries(index.inputs).every(([file, hash]) => (now[file] ?? 'missing') === hash) ? index.file : undefined;
}

const LOADERS: Record<string, Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx', '.json': 'json' };

/** Reads each file for esbuild and hashes exactly the text it bundles (a file edited mid-build cannot
 * leave a stale bundle looking current). A file of another kind makes the bundle not reusable. */
function hashInputs(projectRoot: string, inputs: Record<string, string | undefined>): Plugin {
  return {
    name: 'clv-input-hashes',
    setup(b) {
      b.onLoad({ filter: /.*/ }, async (args) => {
        const relative = path.relative(projectRoot, args.path);
        const loader = args.namespace === 'file' ? LOADERS[path.extname(args.path)] : undefined;
        if (!loader) {
          inputs[relative] = undefined;
          return undefined;
        }
        const contents = await fs.readFile(args.path);
        inputs[relative] = sha256(contents);
        return { contents, loader };
      });
    },
  };
}

async function bundle(projectRoot: string, absolute: string): Promise<string> {
  const dir = path.join(projectRoot, 'node_modules', '.cache', 'clv-ts-models');
  // One prefix per model file (two models may share a base name in different folders).
  const prefix = `${path.basename(absolute, path.extname(absolute))}-${sha256(absolute).slice(0, 8)}-`;
  const indexFile = path.join(dir, `${prefix}inputs.json`);
  const key = `esbuild ${esbuildVersion}, clv bundle v1`;
  const cached = await reusable(projectRoot, indexFile, key);
  if (cached) return cached;
  const settings = await inputsHash(projectRoot, SETTINGS_FILES);
  const inputs: Record<string, string | undefined> = {};

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
    plugins: [hashInputs(projectRoot, inputs)],
  });
  const code = result.outputFiles[0]!.text;
  const hash = sha256(code).slice(0, 16);
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
  if (Object.values(inputs).some((h) => h === undefined)) return file;
  // Settings hashed before the build: one changed during it differs from the index, so the next run rebuilds.
  const index: BundleIndex = { key, file, inputs: { ...(inputs as Record<string, string>), ...Object.fromEntries(SETTINGS_FILES.map((f) => [f, settings[f] ?? 'missing'])) } };
  const partial = `${indexFile}.${process.pid}.tmp`;
  await fs.writeFile(partial, JSON.stringify(index));
  await fs.rename(partial, indexFile);
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
