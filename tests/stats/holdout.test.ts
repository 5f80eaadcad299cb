// Calibration/holdout rebuild from the raw CDNOW sample and the published holdout figures (clv.md §1, §6).
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedPurchases, expectedPurchasesNew, fitBgNbd, type BgNbdParams } from '../../stats/bgnbd.js';
import { calibrationByFrequency, calibrationByFrequencyColumns } from '../../stats/calibration.js';
import { holdoutMetrics } from '../../stats/metrics.js';
import { summarizePurchases, type CustomerSummary, type PurchaseRow } from '../../stats/summary.js';
import { groupRfm } from '../../stats/tuples.js';
import { fixture, loadCdnowSummary, query, type SummaryRow } from './helpers/cdnow.js';

const day = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;
let summaries: CustomerSummary[];
let published: SummaryRow[];
let params: BgNbdParams;

beforeAll(async () => {
  // The raw sample, read by DuckDB (whitespace-separated, no header): sample_id, yyyymmdd, dollars.
  const rows = await query<{ customer: string; day: number; amount: number }>(
    `select parts[2] as customer, date_diff('day', date '1970-01-01', strptime(parts[3], '%Y%m%d')::date) as day,
            parts[5]::double as amount
       from (select regexp_split_to_array(trim(line), '\\s+') as parts
               from read_csv('${fixture('CDNOW_sample.txt')}', columns = {'line': 'varchar'}, header = false, delim = '\\t'))`,
  );
  expect(rows).toHaveLength(6919);
  const purchases: PurchaseRow[] = rows.map((r) => ({ customer: r.customer, day: Number(r.day), amount: Number(r.amount) }));
  summaries = summarizePurchases(purchases, {
    calibrationEnd: day('1997-09-30'),
    holdoutEnd: day('1998-06-30'),
    period: 'week',
  });
  published = await loadCdnowSummary();
  params = fitBgNbd(published).params;
});

describe('rebuilding the CDNOW summary from transactions', () => {
  it('matches cdnow_customers_summary_with_transactions.csv', () => {
    expect(summaries).toHaveLength(2357);
    summaries.forEach((s, i) => {
      const p = published[i]!;
      expect(Number(s.customer)).toBe(Number(p.id));
      expect(s.x).toBe(p.x);
      expect(Math.abs(s.tx - p.tx)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(s.T - p.T)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(s.mbar - p.zbar)).toBeLessThanOrEqual(0.01 + 1e-9);
    });
    expect(summaries.reduce((s, c) => s + c.x, 0)).toBe(2457);
    expect(groupRfm(summaries).tuples.size).toBe(1016);
  });

  it('holdout actuals: 1,882 purchase days by 684 customers, $70,976.39, 334 from the x = 0 group', () => {
    expect(summaries.reduce((s, c) => s + c.holdoutPurchases, 0)).toBe(1882);
    expect(summaries.filter((c) => c.holdoutPurchases > 0)).toHaveLength(684);
    expect(summaries.reduce((s, c) => s + c.holdoutAmount, 0)).toBeCloseTo(70976.39, 2);
    const zero = summaries.filter((c) => c.x === 0);
    expect(zero.reduce((s, c) => s + c.holdoutPurchases, 0)).toBe(334);
  });
});

describe('holdout validation of the BG/NBD fit', () => {
  it('corr(E[Y_i(39)], actual) = 0.626, totals 1,653.4 vs 1,882', () => {
    const predicted = published.map((c) => expectedPurchases(params, 39, c.x, c.tx, c.T));
    const m = holdoutMetrics(predicted, summaries.map((s) => s.holdoutPurchases));
    expect(Math.abs(m.correlation - 0.626)).toBeLessThan(0.001);
    expect(Math.abs(m.predictedTotal - 1653.4)).toBeLessThan(0.1);
    expect(m.actualTotal).toBe(1882);
    expect(m.totalError).toBeCloseTo(-0.121, 3);
  });

  it('cumulative repeat purchases Σ E[X(w − s_i)]: week 78 4,165.7 (actual 4,339), week 39 2,501.5 (actual 2,457)', () => {
    const start = day('1997-01-01');
    const cumulative = (week: number) =>
      summaries.reduce((s, c) => s + expectedPurchasesNew(params, Math.max(0, week - (c.firstDay - start) / 7)), 0);
    expect(Math.abs(cumulative(78) - 4165.7)).toBeLessThan(0.5);
    expect(Math.abs(cumulative(39) - 2501.5)).toBeLessThan(0.5);
    expect(summaries.reduce((s, c) => s + c.x + c.holdoutPurchases, 0)).toBe(4339);
  });
});

describe('the calibration figure (predicted vs actual holdout purchases by calibration frequency)', () => {
  // Published (clv.md §6, Fader, Hardie & Lee 2005 Figure 4): the x = 0 bin averages 334/1,411 = 0.237
  // actual vs 0.225 predicted, and the bins add up to the 39-week totals 1,653.4 vs 1,882. Each
  // customer's prediction is E[Y_i(39)] at the MLE; actuals come from the raw transactions.
  it('bins x = 0…7+ like the published figure', () => {
    const bins = calibrationByFrequency(published.map((c, i) => ({
      x: c.x, predicted: expectedPurchases(params, 39, c.x, c.tx, c.T), actual: summaries[i]!.holdoutPurchases, weight: 1,
    })));
    console.table(bins.map((b) => ({ x: b.label, customers: b.customers, actual: b.actualMean.toFixed(3), predicted: b.predictedMean.toFixed(3) })));
    expect(bins.map((b) => b.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(bins[0]!.customers).toBe(1411);
    expect(Math.abs(bins[0]!.actualMean - 0.237)).toBeLessThan(0.001);
    expect(Math.abs(bins[0]!.predictedMean - 0.225)).toBeLessThan(0.001);
    expect(bins.reduce((s, b) => s + b.customers, 0)).toBe(2357);
    expect(bins.reduce((s, b) => s + b.actualTotal, 0)).toBe(1882);
    expect(Math.abs(bins.reduce((s, b) => s + b.predictedTotal, 0) - 1653.4)).toBeLessThan(0.1);
    // The figure's shape: both curves rise with calibration frequency.
    for (let i = 1; i < bins.length; i++) {
      expect(bins[i]!.predictedMean).toBeGreaterThan(bins[i - 1]!.predictedMean);
    }
    expect(bins[7]!.actualMean).toBeGreaterThan(bins[1]!.actualMean * 3);
  });

  it('gives the same bins from grouped tuples as from one row per customer', () => {
    const perCustomer = calibrationByFrequency([
      { x: 2, predicted: 1, actual: 0, weight: 1 }, { x: 2, predicted: 1, actual: 3, weight: 1 }, { x: 9, predicted: 4, actual: 5, weight: 1 },
    ]);
    const grouped = calibrationByFrequency([{ x: 2, predicted: 1, actual: 1.5, weight: 2 }, { x: 9, predicted: 4, actual: 5, weight: 1 }]);
    expect(grouped).toEqual(perCustomer);
    expect(perCustomer.map((b) => b.label)).toEqual(['2', '7+']);
  });

  it('gives the same bins column-wise as from row objects, zero weights skipped', () => {
    const rows = [
      { x: 0, predicted: 0.3, actual: 1, weight: 4 }, { x: 2, predicted: 1.1, actual: 0, weight: 2 },
      { x: 12, predicted: 4.2, actual: 5, weight: 1 }, { x: 3, predicted: 9, actual: 9, weight: 0 },
    ];
    const columns = calibrationByFrequencyColumns(rows.map((r) => r.x), rows.map((r) => r.predicted), rows.map((r) => r.actual), rows.map((r) => r.weight));
    expect(columns).toEqual(calibrationByFrequency(rows));
    expect(columns.map((b) => b.label)).toEqual(['0', '2', '7+']);
  });
});
