// `--build`: after a committed batch, rebuild only the models downstream of the raw tables it changed
// (dbt selection `source:shopify.<table>+`). Builds never overlap: changes arriving meanwhile are merged
// into the next build.
import { build } from '../../runner/api.js';
import type { RawTableName } from '../warehouse/tables.js';

export type BuildFn = (select: string[]) => Promise<{ success: boolean; nodes: number }>;

/** Builds a selection of the project with the runner (same process, so the same DuckDB instance). */
export function projectBuilder(options: { projectDir: string; target?: string; vars?: Record<string, unknown> }): BuildFn {
  return async (select) => {
    const r = await build({ ...options, select, onWarning: () => undefined });
    return { success: r.success, nodes: r.results.results.length };
  };
}

export function selectionFor(changed: Iterable<RawTableName>, sourceName = 'shopify'): string[] {
  return [...new Set(changed)].sort().map((t) => `source:${sourceName}.${t}+`);
}

export function createRebuilder(build: BuildFn, log: (m: string) => void): { changed(tables: RawTableName[]): Promise<void> } {
  let pending = new Set<RawTableName>();
  let running: Promise<void> | null = null;
  const loop = async (): Promise<void> => {
    while (pending.size > 0) {
      const select = selectionFor(pending);
      pending = new Set();
      const started = Date.now();
      try {
        const r = await build(select);
        log(`webhooks --build: ${r.nodes} nodes for ${select.join(' ')} in ${Date.now() - started} ms${r.success ? '' : ' (with failures)'}`);
      } catch (error) {
        log(`webhooks --build failed: ${(error as Error).message}`);
      }
    }
  };
  return {
    changed(tables) {
      for (const t of tables) pending.add(t);
      running ??= loop().finally(() => { running = null; });
      return running;
    },
  };
}

/** "15m", "30s", "2h" → ms. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`not a duration: ${text} (use e.g. 30s, 15m, 1h)`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}
