// `clv docs generate` on the 5,000-model synthetic project: generate time and site size, then the time to
// first render of the lineage page (focused on a model with deep ancestry) in headless Debian Chromium.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDocs } from '../runner/docs/generate.js';
import { writeSyntheticProject } from './synthetic-project.js';

const MODELS = 5_000;
const CHROMIUM = '/usr/bin/chromium';

async function lineageFirstRender(siteDir: string, selector: string): Promise<{ ms: number; nodes: number } | undefined> {
  if (!existsSync(CHROMIUM)) return undefined;
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'clv-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(`file://${join(siteDir, 'index.html')}#/lineage/${encodeURIComponent(selector)}`);
    // Either the graph or the page's explanation (e.g. no node matches) ends the wait.
    await page.waitForFunction(() => document.querySelector('.lineage-node') || document.querySelector('.lineage-note')?.textContent, undefined, { timeout: 120_000 });
    const ms = performance.now() - started;
    const nodes = await page.$$eval('.lineage-node', (els) => els.length);
    return { ms, nodes };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function run(): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'clv-bench-docs-'));
  try {
    await writeSyntheticProject(dir, MODELS);
    const started = performance.now();
    const result = await generateDocs({ projectDir: dir });
    const generateMs = performance.now() - started;
    const size = (name: string) => result.files.find((f) => f.path === name)?.bytes ?? 0;
    // A staging model: its +model+ selection reaches a large share of the project, so this measures the
    // depth-capped subgraph path (layout of up to 250 nodes), not a toy.
    const render = await lineageFirstRender(result.siteDir, '+sta_model_1+');
    return {
      name: 'docs generate (5,000-model synthetic project)',
      rows: [{
        models: MODELS,
        nodes_documented: result.nodes,
        generate_s: (generateMs / 1000).toFixed(2),
        site_MiB: (result.totalBytes / 2 ** 20).toFixed(2),
        data_js_MiB: (size('data.js') / 2 ** 20).toFixed(2),
        sql_js_MiB: (size('sql.js') / 2 ** 20).toFixed(2),
        app_js_KiB: Math.round(size('app.js') / 1024),
        lineage_first_render_ms: render ? Math.round(render.ms) : 'no chromium',
        lineage_nodes_drawn: render ? render.nodes : '-',
      }],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
