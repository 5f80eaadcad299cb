// The generic docs site in headless Chromium, opened from file://: the empty state before any run, then
// after `build` the catalog (warehouse types, test results, run status), lineage, search and serve.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { build } from '../../runner/api.js';
import { generateDocs } from '../../runner/docs/generate.js';
import { serveDocs } from '../../runner/docs/serve.js';
import { launch, openPage, screenshot, type OpenBrowser, type WatchedPage } from './browser.js';
import { REPO, removeDir, tempCopy } from './projects.js';

let browser: OpenBrowser;
let dir: string;

beforeAll(async () => {
  dir = tempCopy('docs-shop-', path.join(REPO, 'tests/fixtures/docs/shop'), ['project.yml', 'models', 'seeds']);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  if (dir) removeDir(dir);
});

const siteUrl = (hash: string) => `file://${path.join(dir, 'target/docs/index.html')}${hash}`;

async function visit(watched: WatchedPage, hash: string): Promise<Page> {
  await watched.page.goto(siteUrl(hash));
  await watched.page.waitForSelector('#main > *');
  return watched.page;
}

describe('docs site', () => {
  it('shows a helpful empty state before the project has run', async () => {
    const result = await generateDocs({ projectDir: dir });
    expect(result.hasRun).toBe(false);
    expect(result.catalogAvailable).toBe(false);
    const watched = await openPage(browser.browser);
    const page = await visit(watched, '#/');
    const empty = await page.textContent('#empty-state');
    expect(empty).toContain('has not been run yet');
    expect(empty).toContain('clv build');
    // The catalog still lists what the files declare.
    expect(await page.$$eval('aside.tree a', (links) => links.map((a) => a.textContent))).toEqual(
      expect.arrayContaining(['stg_orders', 'customer_orders', 'big_spenders', 'raw_orders']));
    await screenshot(page, 'overview-empty');
    expect(watched.errors).toEqual([]);
    expect(watched.external).toEqual([]);
    await page.close();
  });

  it('documents a built project: lineage, catalog with warehouse types and test results, search', async () => {
    const built = await build({ projectDir: dir, threads: 2 });
    expect(built.success).toBe(true);
    const result = await generateDocs({ projectDir: dir });
    expect(result.catalogAvailable).toBe(true);
    const watched = await openPage(browser.browser);

    // Lineage of the whole (small) project: every model, seed and source, and exactly the ref edges.
    let page = await visit(watched, '#/lineage');
    await page.waitForSelector('.lineage-node');
    const nodes = await page.$$eval('.lineage-node', (els) => els.map((e) => e.getAttribute('data-node-id')).sort());
    expect(nodes).toEqual(['model.shop.big_spenders', 'model.shop.customer_orders', 'model.shop.stg_orders', 'seed.shop.raw_orders', 'source.shop.legacy.raw_orders']);
    const edges = await page.$$eval('.lineage-edge', (els) => els.map((e) => e.getAttribute('data-edge')).sort());
    expect(edges).toEqual(['model.shop.customer_orders|model.shop.big_spenders', 'model.shop.stg_orders|model.shop.customer_orders', 'seed.shop.raw_orders|model.shop.stg_orders']);
    await page.hover('[data-node-id="model.shop.customer_orders"]');
    expect(await page.$$eval('.lineage-edge.hl', (els) => els.length)).toBe(2);
    await screenshot(page, 'lineage');

    // Focus +stg_orders: its ancestors and descendants only.
    page = await visit(watched, `#/lineage/${encodeURIComponent('+stg_orders')}`);
    await page.waitForSelector('.lineage-node');
    expect(await page.$$eval('.lineage-node', (els) => els.map((e) => e.getAttribute('data-node-id')).sort())).toEqual(['model.shop.stg_orders', 'seed.shop.raw_orders']);

    // Catalog page: column types from the warehouse, tests with their last result, run status, SQL.
    page = await visit(watched, '#/node/model.shop.customer_orders');
    const row = await page.textContent('tr[data-column="lifetime_spend_amount"]');
    expect(row).toMatch(/DECIMAL\(38,\s*2\)|DECIMAL/);
    expect(row).toContain('Sum of order amounts');
    expect(await page.$$eval('table.tests .status-pass', (els) => els.length)).toBe(2);
    expect(await page.textContent('table.details')).toMatch(/success in \d+/);
    await page.waitForFunction(() => document.querySelector('pre.sql')?.textContent?.includes('count(*) as order_count'));
    await screenshot(page, 'catalog-node');

    // Search finds a column by its name, and a source by its description.
    page = await visit(watched, `#/search/${encodeURIComponent('lifetime_spend')}`);
    const hits = await page.$$eval('li.result-column', (els) => els.map((e) => e.getAttribute('data-id')));
    expect(hits).toContain('model.shop.customer_orders#lifetime_spend_amount');
    await screenshot(page, 'search');
    page = await visit(watched, `#/search/${encodeURIComponent('legacy export')}`);
    expect(await page.$$eval('li.result-node', (els) => els.map((e) => e.getAttribute('data-id')))).toContain('source.shop.legacy.raw_orders');

    page = await visit(watched, '#/');
    expect(await page.$('#empty-state')).toBeNull();
    expect(await page.textContent('main')).toContain('Last run');
    expect(watched.errors).toEqual([]);
    expect(watched.external).toEqual([]);
    await page.close();
  });

  it('serves the site on loopback', async () => {
    const server = await serveDocs(path.join(dir, 'target/docs'), { port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const watched = await openPage(browser.browser);
      await watched.page.goto(`${server.url}#/node/model.shop.stg_orders`);
      await watched.page.waitForSelector('h1');
      expect(await watched.page.textContent('h1')).toBe('stg_orders');
      expect((await fetch(`${server.url}../../shop.duckdb`)).status).toBe(404);
      expect(watched.errors).toEqual([]);
      await watched.page.close();
    } finally {
      await server.close();
    }
  });
});
