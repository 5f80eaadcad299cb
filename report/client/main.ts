/// <reference lib="dom" />
// The CLV report page: one panel per chart, each stating its as-of date and linking to the model it reads.
// A mart that is not built shows what to run instead of an empty chart.
import type { PageApi } from '../../runner/docs/client/api.js';
import type { ChartData, ReportData } from '../collect.js';
import { echarts } from './echarts.js';
import { formats, type Formats } from './format.js';
import * as options from './options.js';

type Chart = ReturnType<typeof echarts.init>;
type Build = (report: ReportData, f: Formats) => { option: options.Option; sources: ChartData[] } | undefined;

const chartOf = (report: ReportData, id: string) => report.charts.find((c) => c.id === id)!;
const ok = (c: ChartData | undefined) => c?.status === 'ok';

const PANELS: { id: string; build: Build }[] = [
  { id: 'cohort_retention', build: (r, f) => ({ option: options.cohortRetention(chartOf(r, 'cohort_retention').rows, f), sources: [chartOf(r, 'cohort_retention')] }) },
  { id: 'cohort_revenue', build: (r, f) => ({ option: options.cohortRevenue(chartOf(r, 'cohort_revenue').rows, f), sources: [chartOf(r, 'cohort_revenue')] }) },
  { id: 'rfm_segments', build: (r, f) => ({ option: options.rfmSegments(chartOf(r, 'rfm_segments').rows, f), sources: [chartOf(r, 'rfm_segments')] }) },
  { id: 'fr_matrix', build: (r, f) => ({ option: options.frMatrix(chartOf(r, 'fr_matrix').rows, f), sources: [chartOf(r, 'fr_matrix')] }) },
  { id: 'calibration', build: (r, f) => ({ option: options.calibration(chartOf(r, 'calibration').rows, f), sources: [chartOf(r, 'calibration')] }) },
  {
    id: 'revenue_forecast',
    build: (r, f) => {
      const history = chartOf(r, 'forecast_history');
      return { option: options.revenueForecast(chartOf(r, 'revenue_forecast').rows, ok(history) ? history.rows : [], f), sources: [chartOf(r, 'revenue_forecast'), history] };
    },
  },
  { id: 'churn_risk', build: (r, f) => ({ option: options.churnRisk(chartOf(r, 'churn_risk').rows, f), sources: [chartOf(r, 'churn_risk')] }) },
  { id: 'top_products', build: (r, f) => ({ option: options.topProducts(chartOf(r, 'top_products').rows, f), sources: [chartOf(r, 'top_products')] }) },
  { id: 'top_channels', build: (r, f) => ({ option: options.topChannels(chartOf(r, 'top_channels').rows, f), sources: [chartOf(r, 'top_channels')] }) },
];

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function meta(sources: ChartData[], api: PageApi): HTMLElement {
  const parts: (Node | string)[] = [];
  const asOf = sources.find((s) => s.asOf)?.asOf;
  parts.push(asOf ? `As of ${asOf}` : 'As-of date unknown');
  for (const s of sources) {
    parts.push(' · reads ');
    parts.push(s.modelId ? el('a', { href: api.nodeHref(s.modelId), class: 'model-link' }, s.model) : el('code', {}, s.model));
  }
  return el('div', { class: 'meta' }, ...parts);
}

function extra(id: string, report: ReportData, f: Formats): string {
  if (id !== 'churn_risk') return '';
  const rows = chartOf(report, 'churn_risk').rows;
  const total = rows.reduce((sum, r) => sum + Number(r.at_risk ?? 0), 0);
  const high = rows.filter((r) => Number(r.bin) >= 5).reduce((sum, r) => sum + Number(r.at_risk ?? 0), 0);
  return `Revenue at risk: ${f.money(total)} in total, ${f.money(high)} from customers above 50% churn probability.`;
}

declare global {
  interface Window { __clvReportCharts?: Record<string, Chart> }
}

function render(main: HTMLElement, pageData: unknown, api: PageApi): () => void {
  const report = pageData as ReportData;
  const f = formats(report.currency);
  const charts: Record<string, Chart> = {};
  window.__clvReportCharts = charts;
  const intro = report.hasWarehouse
    ? el('p', { class: 'muted' }, `Store as of ${report.asOf ?? 'unknown'} · amounts in ${report.currency}. Each panel links to the model it reads.`)
    : el('div', { class: 'empty', id: 'report-empty' },
      el('h2', {}, 'No data yet'),
      el('p', {}, 'The report reads the marts in the warehouse, and this project has not been built yet. Load the store with ', el('code', {}, 'clv ingest'), ' (or ', el('code', {}, 'clv demo'), '), build with ', el('code', {}, 'clv build'), ', then run ', el('code', {}, 'clv docs generate'), ' again.'));
  const grid = el('div', { class: 'report-grid' });
  main.replaceChildren(el('h1', {}, 'Customer lifetime value'), intro, grid);
  for (const panel of PANELS) {
    const primary = chartOf(report, panel.id);
    const box = el('section', { class: 'panel', 'data-chart': panel.id });
    grid.append(box);
    if (!ok(primary)) {
      box.classList.add('missing');
      box.append(el('h3', {}, primary.title), meta([primary], api),
        el('p', { class: 'not-built' }, primary.status === 'missing' ? `Not built yet. ${primary.note ?? ''}` : (primary.note ?? 'No data.')));
      continue;
    }
    const built = panel.build(report, f)!;
    const target = el('div', { class: 'chart' });
    const note = extra(panel.id, report, f);
    box.append(el('h3', {}, primary.title), meta(built.sources.filter((s) => s.status === 'ok'), api), ...(note ? [el('p', { class: 'meta churn-summary' }, note)] : []), target);
    const chart = echarts.init(target, undefined, { renderer: 'svg' });
    chart.setOption(built.option);
    charts[panel.id] = chart;
  }
  const resize = () => Object.values(charts).forEach((c) => c.resize());
  window.addEventListener('resize', resize);
  return () => {
    window.removeEventListener('resize', resize);
    Object.values(charts).forEach((c) => c.dispose());
    window.__clvReportCharts = undefined;
  };
}

window.clvDocs.registerPage('clv', render);
