// One ECharts option per chart, from the rows collect() embedded. Pure functions of data and formats.
import type { ChartData } from '../collect.js';
import { OKABE_ITO, VIRIDIS } from './echarts.js';
import type { Formats } from './format.js';

type Rows = ChartData['rows'];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Option = Record<string, any>;

const n = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? NaN));
/** Largest finite value (nulls — e.g. customers with too little history — are not zero). */
const top = (values: number[], floor: number): number => Math.max(floor, ...values.filter(Number.isFinite));
const base = (): Option => ({ color: OKABE_ITO, animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 64, right: 64, top: 36, bottom: 40 } });
const MAX_MONTHS = 24;

export function cohortRetention(rows: Rows, f: Formats): Option {
  const cohorts = [...new Set(rows.map((r) => String(r.cohort)))].sort().slice(-MAX_MONTHS);
  const keep = new Set(cohorts);
  const months = Array.from({ length: Math.min(MAX_MONTHS, Math.max(0, ...rows.map((r) => n(r.month))) + 1) }, (_, i) => i);
  const cells = rows.filter((r) => keep.has(String(r.cohort)) && n(r.month) < months.length)
    .map((r) => [n(r.month), cohorts.indexOf(String(r.cohort)), n(r.rate)]);
  return {
    ...base(),
    tooltip: { trigger: 'item', formatter: (p: { value: number[] }) => `${cohorts[p.value[1]!]} · month ${p.value[0]}: ${f.percent(p.value[2])}` },
    legend: undefined,
    grid: { left: 84, right: 24, top: 12, bottom: 70 },
    xAxis: { type: 'category', data: months, name: 'months since first order', nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'category', data: cohorts.map((c) => c.slice(0, 7)) },
    visualMap: { min: 0, max: top(cells.filter((c) => c[0]! > 0).map((c) => c[2]!), 0.05), calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: VIRIDIS }, formatter: (v: number) => f.percent(v) },
    series: [{ name: 'retention', type: 'heatmap', data: cells }],
  };
}

export function cohortRevenue(rows: Rows, f: Formats): Option {
  const cohorts = [...new Set(rows.map((r) => String(r.cohort)))].sort();
  // Up to eight cohorts spread evenly over those with three months of history: lines of very young
  // cohorts are too short to compare.
  const withHistory = cohorts.filter((c) => rows.some((r) => r.cohort === c && n(r.month) >= 2));
  const pool = withHistory.length ? withHistory : cohorts;
  const step = Math.max(1, Math.ceil(pool.length / 8));
  const shown = pool.filter((_, i) => (pool.length - 1 - i) % step === 0).slice(-8);
  return {
    ...base(),
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => f.money(v) },
    xAxis: { type: 'value', name: 'months since first order', nameLocation: 'middle', nameGap: 26, max: MAX_MONTHS },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => f.moneyShort(v) } },
    series: shown.map((c) => ({
      name: c.slice(0, 7), type: 'line', showSymbol: false,
      data: rows.filter((r) => r.cohort === c && n(r.month) <= MAX_MONTHS).map((r) => [n(r.month), n(r.value)]),
    })),
  };
}

export function rfmSegments(rows: Rows, f: Formats): Option {
  return {
    ...base(),
    grid: { left: 64, right: 72, top: 36, bottom: 80 },
    xAxis: { type: 'category', data: rows.map((r) => r.segment), axisLabel: { rotate: 30, interval: 0 } },
    yAxis: [{ type: 'value', name: 'customers' }, { type: 'value', name: 'net revenue', axisLabel: { formatter: (v: number) => f.moneyShort(v) } }],
    series: [
      { name: 'customers', type: 'bar', data: rows.map((r) => n(r.customers)) },
      { name: 'net revenue', type: 'bar', yAxisIndex: 1, data: rows.map((r) => n(r.value)), tooltip: { valueFormatter: (v: number) => f.money(v) } },
    ],
  };
}

export function frMatrix(rows: Rows, f: Formats): Option {
  const high = top(rows.map((r) => n(r.recency_max)), 0);
  const bins = Array.from({ length: 10 }, (_, i) => `${Math.round((i * high) / 10)}–${Math.round(((i + 1) * high) / 10)}`);
  const freqs = Array.from({ length: Math.max(0, ...rows.map((r) => n(r.frequency))) + 1 }, (_, i) => (i === 20 ? '20+' : String(i)));
  const cell = (key: string) => rows.filter((r) => Number.isFinite(n(r[key])) && Number.isFinite(n(r.recency_bin))).map((r) => [n(r.frequency), Math.max(0, Math.min(9, n(r.recency_bin))), n(r[key])]);
  const grid = (left: string) => ({ left, width: '38%', top: 36, bottom: 70 });
  const axes = (i: number) => ({
    x: { type: 'category', gridIndex: i, data: freqs, name: 'frequency (repeat purchases)', nameLocation: 'middle', nameGap: 26 },
    y: { type: 'category', gridIndex: i, data: bins, name: i === 0 ? 'recency' : '' },
  });
  return {
    ...base(),
    tooltip: { trigger: 'item', formatter: (p: { seriesName: string; value: number[] }) => `${p.seriesName}: frequency ${p.value[0]}, recency ${bins[p.value[1]!]}: ${p.seriesName === 'P(alive)' ? f.percent(p.value[2]) : f.count(p.value[2])}` },
    legend: undefined,
    title: [{ text: 'Expected purchases (90 days)', left: '8%', textStyle: { fontSize: 12 } }, { text: 'P(alive)', left: '58%', textStyle: { fontSize: 12 } }],
    grid: [grid('8%'), grid('58%')],
    xAxis: [axes(0).x, axes(1).x],
    yAxis: [axes(0).y, axes(1).y],
    visualMap: [
      { seriesIndex: 0, min: 0, max: top(rows.map((r) => n(r.expected)), 0.1), orient: 'horizontal', left: '12%', bottom: 0, itemHeight: 100, inRange: { color: VIRIDIS }, calculable: true },
      { seriesIndex: 1, min: 0, max: 1, orient: 'horizontal', left: '62%', bottom: 0, itemHeight: 100, inRange: { color: VIRIDIS }, calculable: true },
    ],
    series: [
      { name: 'expected purchases', type: 'heatmap', xAxisIndex: 0, yAxisIndex: 0, data: cell('expected') },
      { name: 'P(alive)', type: 'heatmap', xAxisIndex: 1, yAxisIndex: 1, data: cell('alive') },
    ],
  };
}

/** Fader-Hardie-Lee's conditional-expectation figure: per calibration-frequency bucket, mean actual vs
 * mean predicted purchases in the holdout weeks. */
export function calibration(rows: Rows, f: Formats): Option {
  const method = rows.length ? String(rows[0]!.method) : 'model';
  const weeks = rows.length ? n(rows[0]!.holdout_weeks) : NaN;
  return {
    ...base(),
    tooltip: {
      trigger: 'axis',
      formatter: (items: { axisValue: string; dataIndex: number; marker: string; seriesName: string; value: number }[]) => {
        const row = rows[items[0]?.dataIndex ?? 0];
        const head = `${items[0]?.axisValue} past purchases · ${f.count(n(row?.customers))} customers`;
        return [head, ...items.map((i) => `${i.marker}${i.seriesName}: ${f.count(i.value)}`)].join('<br>');
      },
    },
    xAxis: { type: 'category', data: rows.map((r) => String(r.label)), name: 'repeat purchases before the holdout', nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'value', name: Number.isFinite(weeks) ? `avg purchases in the ${weeks}-week holdout` : 'avg purchases in holdout' },
    series: [
      { name: 'actual', type: 'line', data: rows.map((r) => n(r.actual)) },
      { name: `predicted (${method})`, type: 'line', data: rows.map((r) => n(r.predicted)), lineStyle: { type: 'dashed' } },
    ],
  };
}

export function revenueForecast(forecast: Rows, history: Rows, f: Formats): Option {
  const past = [...history].reverse();
  const periods = [...past.map((r) => String(r.period).slice(0, 10)), ...forecast.map((r) => String(r.period).slice(0, 10))];
  const pad = (values: (number | null)[], before: number) => [...Array(before).fill(null), ...values];
  const series: Option[] = [];
  if (past.length) series.push({ name: 'actual', type: 'line', showSymbol: false, data: past.map((r) => n(r.value)) });
  series.push(
    { name: 'interval low', type: 'line', stack: 'band', showSymbol: false, lineStyle: { opacity: 0 }, data: pad(forecast.map((r) => n(r.lower)), past.length), tooltip: { show: false } },
    { name: 'prediction interval', type: 'line', stack: 'band', showSymbol: false, lineStyle: { opacity: 0 }, areaStyle: { color: '#56B4E9', opacity: 0.35 }, data: pad(forecast.map((r) => n(r.upper) - n(r.lower)), past.length) },
    { name: 'forecast', type: 'line', showSymbol: false, lineStyle: { width: 2.5 }, color: '#E69F00', data: pad(forecast.map((r) => n(r.forecast)), past.length) },
  );
  return {
    ...base(),
    legend: { top: 0, data: series.map((s) => s.name).filter((name) => name !== 'interval low') },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => f.money(v) },
    xAxis: { type: 'category', data: periods, boundaryGap: false },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => f.moneyShort(v) } },
    series,
  };
}

export function churnRisk(rows: Rows, f: Formats): Option {
  const labels = Array.from({ length: 10 }, (_, i) => `${i * 10}–${i * 10 + 10}%`);
  const at = (key: string) => labels.map((_, i) => n(rows.find((r) => n(r.bin) === i)?.[key] ?? 0));
  return {
    ...base(),
    xAxis: { type: 'category', data: labels, name: 'churn probability', nameLocation: 'middle', nameGap: 26 },
    yAxis: [{ type: 'value', name: 'customers' }, { type: 'value', name: 'revenue at risk', axisLabel: { formatter: (v: number) => f.moneyShort(v) } }],
    series: [
      { name: 'customers', type: 'bar', data: at('customers') },
      { name: 'revenue at risk', type: 'line', yAxisIndex: 1, data: at('at_risk'), tooltip: { valueFormatter: (v: number) => f.money(v) } },
    ],
  };
}

export function topProducts(rows: Rows, f: Formats): Option {
  const shown = [...rows].reverse();
  return {
    ...base(),
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => f.money(v) },
    grid: { left: 160, right: 24, top: 36, bottom: 30 },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => f.moneyShort(v) } },
    yAxis: { type: 'category', data: shown.map((r) => String(r.product ?? '(unknown)').slice(0, 24)) },
    series: [
      { name: 'net revenue', type: 'bar', data: shown.map((r) => n(r.revenue)) },
      { name: 'later revenue per acquired customer', type: 'bar', data: shown.map((r) => n(r.later_value)) },
    ],
  };
}

export function topChannels(rows: Rows, f: Formats): Option {
  return {
    ...base(),
    xAxis: { type: 'category', data: rows.map((r) => r.channel) },
    yAxis: [{ type: 'value', name: '90-day value', axisLabel: { formatter: (v: number) => f.moneyShort(v) } }, { type: 'value', name: 'net revenue', axisLabel: { formatter: (v: number) => f.moneyShort(v) } }],
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => f.money(v) },
    series: [
      { name: '90-day value per new customer', type: 'bar', data: rows.map((r) => n(r.value_90_days)) },
      { name: 'net revenue', type: 'bar', yAxisIndex: 1, data: rows.map((r) => n(r.revenue)) },
    ],
  };
}
