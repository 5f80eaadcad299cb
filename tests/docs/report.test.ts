// The CLV report in headless Chromium: the real clv project built on a small simulated store (historical
// marts), a fixture of mart-shaped predictive tables (the predictive panels), and the not-yet-built
// project (empty state). Each chart must draw non-empty SVG marks with the expected number of series.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { build, compile } from '../../runner/api.js';
import { generateDocs } from '../../runner/docs/generate.js';
import { clvReportPage } from '../../report/page.js';
import { launch, openPage, screenshot, type OpenBrowser } from './browser.js';
import { query } from '../models/build.js';
import { REPO, builtClvProject, removeDir, tempCopy } from './projects.js';

let browser: OpenBrowser;
const dirs: string[] = [];
let store: { dir: string; failures: string[] };

beforeAll(async () => {
  browser = await launch();
  // The real project's build dominates this file's time: done once, in the (longer) hook timeout.
  store = await builtClvProject(150);
  dirs.push(store.dir);
});

afterAll(async () => {
  await browser?.close();
  for (const dir of dirs) removeDir(dir);
});

interface Panel {
  id: string;
  series: number;
  /** Data points per series. */
  points: number[];
  seriesNames: string[];
  marks: number;
  meta: string;
  link?: string;
  /** Color scales with a finite range (a NaN bound draws an empty heatmap). */
  scalesFinite: boolean;
}

async function openReport(dir: string): Promise<{ page: Page; errors: string[]; external: string[]; panels: Panel[]; missing: string[] }> {
  const watched = await openPage(browser.browser);
  await watched.page.goto(`file://${path.join(dir, 'target/docs/index.html')}#/page/clv`);
  await watched.page.waitForSelector('[data-chart]');
  const panels = await watched.page.evaluate(() => {
    const charts = (window as unknown as { __clvReportCharts: Record<string, { getOption(): { series: { name?: string; data?: unknown[] }[]; visualMap?: { max: number }[] } }> }).__clvReportCharts;
    return Object.entries(charts).map(([id, chart]) => {
      const box = document.querySelector(`[data-chart="${id}"]`)!;
      return {
        id,
        series: chart.getOption().series.length,
        points: chart.getOption().series.map((s) => (s.data ?? []).length),
        seriesNames: chart.getOption().series.map((s) => String(s.name)),
        // Drawn marks: SVG shapes with a fill or stroke inside the chart.
        marks: box.querySelectorAll('.chart svg path, .chart svg rect').length,
        meta: box.querySelector('.meta')?.textContent ?? '',
        link: box.querySelector('a.model-link')?.getAttribute('href') ?? undefined,
        scalesFinite: (chart.getOption().visualMap ?? []).every((v) => Number.isFinite(v.max)),
      };
    });
  });
  const missing = await watched.page.$$eval('.panel.missing', (els) => els.map((e) => e.getAttribute('data-chart')!));
  return { page: watched.page, errors: watched.errors, external: watched.external, panels, missing };
}

const byId = (panels: Panel[]) => Object.fromEntries(panels.map((p) => [p.id, p]));

describe('CLV report', () => {
  it('draws the historical marts of the clv project built on a simulated store', async () => {
    const { dir, failures } = store;
    // Data-test failures belong to the models' suite; the report needs every model built.
    expect(failures.filter((f) => !f.startsWith('test.'))).toEqual([]);
    await generateDocs({ projectDir: dir, extraPages: [clvReportPage] });
    const { page, errors, external, panels, missing } = await openReport(dir);
    const p = byId(panels);
    expect(p.cohort_retention?.series).toBe(1);
    expect(p.cohort_revenue?.series).toBeGreaterThanOrEqual(2);
    expect(p.cohort_revenue?.series).toBeLessThanOrEqual(8);
    expect(p.rfm_segments?.series).toBe(2);
    expect(p.top_products?.series).toBe(2);
    expect(p.top_channels?.series).toBe(2);
    // The calibration plot: actual and predicted lines with one point per past-frequency bucket in clv_calibration.
    const [{ buckets }] = await query<{ buckets: number }>(path.join(dir, 'clv.duckdb'), "select count(*)::integer as buckets from main.clv_calibration where method <> 'past_rate'");
    expect(buckets).toBeGreaterThanOrEqual(2);
    expect(p.calibration?.series).toBe(2);
    expect(p.calibration?.points).toEqual([buckets, buckets]);
    for (const panel of panels) {
      expect(panel.marks, panel.id).toBeGreaterThan(5);
      expect(panel.scalesFinite, panel.id).toBe(true);
      expect(panel.meta, panel.id).toMatch(/As of \d{4}-\d{2}-\d{2}/);
      expect(panel.link, panel.id).toMatch(/^#\/node\/model\.clv\./);
    }
    // Predictive marts not in the project (yet) are explained, not drawn empty.
    for (const id of missing) expect(await page.textContent(`[data-chart="${id}"] .not-built`)).toMatch(/not built|no model|no column/i);
    expect(panels.length + missing.length).toBe(9);
    expect(await page.textContent('main')).toContain('amounts in USD');
    await page.setViewportSize({ width: 1280, height: 1800 });
    await screenshot(page, 'report');
    // The model link opens the catalog page of the mart the chart reads.
    await page.click('[data-chart="rfm_segments"] a.model-link');
    await page.waitForSelector('h1:text("customer_rfm")');
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    await page.close();
  }, 120_000);

  it('draws the predictive panels from mart-shaped tables, in the shop currency', async () => {
    const dir = tempCopy('docs-predictive-', path.join(REPO, 'tests/fixtures/docs/predictive'), ['project.yml', 'models']);
    dirs.push(dir);
    expect((await build({ projectDir: dir })).success).toBe(true);
    await generateDocs({ projectDir: dir, extraPages: [clvReportPage] });
    const { page, errors, panels } = await openReport(dir);
    const p = byId(panels);
    expect(p.fr_matrix?.series).toBe(2);
    expect(p.calibration?.series).toBe(2);
    expect(p.calibration?.seriesNames).toEqual(['actual', 'predicted (bgnbd)']);
    expect(p.calibration?.points).toEqual([8, 8]);
    expect(p.calibration!.meta).toContain('As of 2025-01-01');
    // history, interval base, interval band, forecast
    expect(p.revenue_forecast?.series).toBe(4);
    expect(p.churn_risk?.series).toBe(2);
    for (const id of ['fr_matrix', 'calibration', 'revenue_forecast', 'churn_risk']) expect(p[id]!.marks, id).toBeGreaterThan(5);
    expect(p.fr_matrix!.meta).toContain('As of 2025-01-01');
    expect(await page.textContent('[data-chart="churn_risk"] .churn-summary')).toMatch(/Revenue at risk: €[\d,]+\.\d\d in total/);
    await page.setViewportSize({ width: 1280, height: 2400 });
    await screenshot(page, 'report-predictive');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows what to run when the project has not been built', async () => {
    const dir = tempCopy('docs-unbuilt-', path.join(REPO, 'tests/fixtures/docs/predictive'), ['project.yml', 'models']);
    dirs.push(dir);
    await compile({ projectDir: dir });
    await generateDocs({ projectDir: dir, extraPages: [clvReportPage] });
    const { page, errors, panels, missing } = await openReport(dir);
    expect(panels).toEqual([]);
    expect(missing).toHaveLength(9);
    expect(await page.textContent('[data-chart="customer_clv"], [data-chart="fr_matrix"]')).toContain('not built in the warehouse yet');
    const empty = await page.textContent('#report-empty');
    expect(empty).toContain('clv build');
    expect(empty).toContain('clv docs generate');
    await screenshot(page, 'report-empty');
    expect(errors).toEqual([]);
    await page.close();
  });
});
