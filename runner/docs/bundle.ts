// Client bundles are built with esbuild at `docs generate` time (not at package build time): extra pages
// registered by the product are only known then, and one code path serves `tsx` and `dist/` alike.
// Each bundle is a minified IIFE so the site works from file:// (no ES module loading, no fetch).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Resolve a client entry next to a module, whether it runs from source (.ts) or from dist/ (tsc emitted
 * .js, or no emit at all for folders outside tsconfig's include: then the source tree's .ts). */
export function clientEntry(moduleUrl: string, relative: string): string {
  const base = fileURLToPath(new URL(relative, moduleUrl)).replace(/\.(ts|js)$/, '');
  const candidates = [`${base}.ts`, `${base}.js`, `${base.replace(/[\\/]dist(?=[\\/])/, '')}.ts`];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`docs client entry not found: ${candidates.join(', ')}`);
  return found;
}

export async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    // echarts checks process.env.NODE_ENV for dev warnings; the bundle must not reference `process`.
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0]!.text;
}
