// `clv fit` reads transaction logs as they come: the published CDNOW files as distributed (whitespace-aligned,
// with and without a header), Parquet and JSON lines, semicolon CSV with decimal commas, and a line-item log
// that needs --where / --amount-expr / --date-format. Expected figures are the published ones (clv.md §6,
// the CDNOW README) or worked out by hand from the fixture, never this code's own output.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fitTransactions } from '../../stats/cli/fit-transactions.js';
import { readPurchaseDays, type TransactionColumns } from '../../stats/cli/read-transactions.js';
import { StatsInputError } from '../../stats/errors.js';
import { fixture, query } from './helpers/cdnow.js';

const clvFit = (name: string) => fileURLToPath(new URL(`../fixtures/clv-fit/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'clv-fit-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(cols: TransactionColumns) {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    return await readPurchaseDays(conn, cols);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const published = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
const calibration = { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' };

describe('the CDNOW files as published', () => {
  it('the 1-in-10 sample (no header, runs of spaces, CRLF) reproduces the published BG/NBD fit', async () => {
    const r = await fitTransactions({ file: fixture('CDNOW_sample.txt'), customerCol: 'column1', dateCol: 'column2', amountCol: 'column4', ...calibration });
    expect(r.format).toBe('whitespace-separated text');
    expect(r.rows).toBe(6919);
    expect(r.customers).toBe(2357);
    for (const k of Object.keys(published) as (keyof typeof published)[]) expect(Math.abs(r.fit.params[k]! - published[k])).toBeLessThan(0.015);
    expect(Math.abs(r.fit.logLik - -9582.4256)).toBeLessThan(0.01);
    expect(Math.abs(r.holdout!.correlation - 0.626)).toBeLessThan(0.001);
    expect(r.predictions.find((p) => p.customer === '0001')).toBeDefined();
  });

  it('the master file (header line, 5-digit ids) reads to its published row, customer and dollar totals', async () => {
    const r = await read({ file: fixture('CDNOW_master.txt'), customerCol: 'customer_id', dateCol: 'date', amountCol: 'dollar_value' });
    expect(r.rows).toBe(69_659);
    expect(r.leftOut).toBe(0);
    expect(new Set(r.days.map((d) => d.customer)).size).toBe(23_570);
    expect(r.days[0]!.customer).toBe('00001');
    const total = r.days.reduce((sum, d) => sum + d.amount, 0);
    expect(Math.abs(total - 2_500_315.63)).toBeLessThan(0.005);
    const first = r.days.map((d) => d.day).reduce((a, b) => Math.min(a, b));
    expect(new Date(first * 86_400_000).toISOString().slice(0, 10)).toBe('1997-01-01');
  });

  it('a ragged whitespace file is an error naming the line', async () => {
    const e = await read({ file: clvFit('ragged-whitespace.txt'), customerCol: 'column0', dateCol: 'column1', amountCol: 'column3' }).catch((x) => x);
    expect(e).toBeInstanceOf(StatsInputError);
    expect(e.message).toMatch(/ragged-whitespace\.txt: line 3 has 3 fields, the first line has 4/);
    expect(e.location.line).toBe(3);
  });
});

describe('other formats give the same fit as the CSV', () => {
  const csv = fixture('cdnow_sample_transactions.csv');
  const cols = { customerCol: 'customer_id', dateCol: 'order_date', amountCol: 'amount', ...calibration };

  it.each([
    ['parquet', `(format parquet)`],
    ['jsonl', `(format json)`],
  ])('%s', async (ext, copyOptions) => {
    const file = join(dir, `cdnow.${ext}`);
    await query(`copy (select * from read_csv('${csv}', types = {'customer_id': 'varchar'})) to '${file}' ${copyOptions}`);
    const [fromCsv, fromOther] = await Promise.all([fitTransactions({ file: csv, ...cols }), fitTransactions({ file, ...cols })]);
    expect(fromOther.format).toBe(ext === 'jsonl' ? 'json' : 'parquet');
    expect(fromOther.rows).toBe(6919);
    expect(fromOther.fit.params).toEqual(fromCsv.fit.params);
    expect(fromOther.predictions.map((p) => p.customer)).toEqual(fromCsv.predictions.map((p) => p.customer));
  });
});

describe('logs that need telling how to read them', () => {
  const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

  it('line items: --where leaves out guest rows and cancellations, --amount-expr prices them, --date-format reads m/d/yyyy h:mm', async () => {
    const r = await read({
      file: clvFit('online-retail-like.csv'),
      customerCol: 'CustomerID',
      dateCol: 'InvoiceDate',
      amountExpr: 'Quantity * UnitPrice',
      where: 'CustomerID is not null and Quantity > 0',
      dateFormat: '%m/%d/%Y %H:%M',
    });
    expect(r.rows).toBe(8);
    expect(r.leftOut).toBe(2);
    const byKey = new Map(r.days.map((d) => [`${d.customer} ${d.day}`, Math.round(d.amount * 100) / 100]));
    expect(byKey).toEqual(
      new Map([
        [`12583 ${dayOf('2011-02-02')}`, 18.6], // 4 × 4.65
        [`14527 ${dayOf('2010-12-01')}`, 34.8], // 24 × 1.45 (the C536379 cancellation left out)
        [`14527 ${dayOf('2011-01-15')}`, 10.2], // 12 × 0.85
        [`17850 ${dayOf('2010-12-01')}`, 35.64], // 6 × 2.55 + 6 × 3.39 on one day
        [`17850 ${dayOf('2010-12-03')}`, 14.85], // 3 × 4.95
      ]),
    );
  });

  it('without --where the same file stops at the row with no customer, and says how to leave such rows out', async () => {
    const e = await read({ file: clvFit('online-retail-like.csv'), customerCol: 'CustomerID', dateCol: 'InvoiceDate', amountExpr: 'Quantity * UnitPrice', dateFormat: '%m/%d/%Y %H:%M' }).catch((x) => x);
    expect(e).toBeInstanceOf(StatsInputError);
    expect(e.message).toMatch(/column "CustomerID" has 1 bad value.*line 4/);
    expect(e.hint).toMatch(/--where 'CustomerID is not null'/);
  });

  it('a --where that is not valid SQL names the flag', async () => {
    const e = await read({ file: clvFit('online-retail-like.csv'), customerCol: 'CustomerID', dateCol: 'InvoiceDate', amountCol: 'UnitPrice', where: 'Quantitty > 0' }).catch((x) => x);
    expect(e).toBeInstanceOf(StatsInputError);
    expect(e.message).toMatch(/--where \/ --amount-expr do not run/);
  });

  it('semicolons and decimal commas: an error that names --decimal-separator, then the right amounts with it', async () => {
    const cols = { file: clvFit('semicolon-decimal-comma.csv'), customerCol: 'kunde', dateCol: 'datum', amountCol: 'betrag' };
    const e = await read(cols).catch((x) => x);
    expect(e).toBeInstanceOf(StatsInputError);
    expect(e.hint).toMatch(/--decimal-separator ,/);
    const r = await read({ ...cols, decimalSeparator: ',' });
    expect(r.format).toBe(`CSV (';' delimiter)`);
    expect(r.days.map((d) => [d.customer, d.day, Math.round(d.amount * 100) / 100])).toEqual([
      ['007', dayOf('2021-03-01'), 19.75],
      ['007', dayOf('2021-04-02'), 4],
      ['042', dayOf('2021-03-04'), 3.1],
    ]);
  });
});
