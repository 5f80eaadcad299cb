// `clv fit` end to end on the CDNOW sample as a transaction CSV: the public function and the yargs
// command (spawn-less), plus the bad-input errors (clv.md §6 figures, not our own output).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fitCommand } from '../../stats/cli/fit.js';
import { fitTransactions } from '../../stats/cli/fit-transactions.js';
import { StatsInputError } from '../../stats/errors.js';
import { fixture, query } from './helpers/cdnow.js';

const bad = (name: string) => fileURLToPath(new URL(`../fixtures/clv-fit/${name}`, import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'clv-fit-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const base = {
  file: fixture('cdnow_sample_transactions.csv'),
  customerCol: 'customer_id',
  dateCol: 'order_date',
  amountCol: 'amount',
  calibrationEnd: '1997-09-30',
};

describe('fitTransactions on CDNOW', () => {
  it('reproduces the published BG/NBD fit, holdout metrics and writes predictions.csv', async () => {
    const r = await fitTransactions({ ...base, holdoutEnd: '1998-06-30', out });
    expect(r.customers).toBe(2357);
    expect(r.purchaseDays).toBe(6696);
    expect(r.horizon).toBe(39);
    const mle = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
    for (const k of Object.keys(mle) as (keyof typeof mle)[]) expect(Math.abs(r.fit.params[k]! - mle[k])).toBeLessThan(0.015);
    // Exact day/7 times instead of the file's 2-dp rounding move the LL by ~0.004.
    expect(Math.abs(r.fit.logLik - -9582.4256)).toBeLessThan(0.01);
    expect(r.fit.status).toBe('converged');
    expect(Math.abs(r.spend.params.p - 6.25)).toBeLessThan(0.015);
    expect(Math.abs(r.spend.params.q - 3.74)).toBeLessThan(0.015);
    expect(Math.abs(r.spend.params.gamma - 15.44)).toBeLessThan(0.015);
    expect(Math.abs(r.holdout!.correlation - 0.626)).toBeLessThan(0.001);
    expect(Math.abs(r.holdout!.predictedTotal - 1653.4)).toBeLessThan(0.5);
    expect(r.holdout!.actualTotal).toBe(1882);
    const c1 = r.predictions.find((p) => p.customer === '0001')!;
    expect(Math.abs(c1.expectedPurchases - 1.226)).toBeLessThan(0.001);
    expect(Math.abs(c1.pAlive - 0.7266)).toBeLessThan(0.001);
    const csv = await query<{ n: string; customer: string; p_alive: number }>(
      `select count(*) over () as n, customer, p_alive from read_csv('${r.predictionsFile}', header = true, types = {'customer': 'varchar'}) limit 1`,
    );
    expect(Number(csv[0]!.n)).toBe(2357);
    expect(csv[0]!.customer).toBe('0001');
  });

  it('runs every purchase model (MBG/NBD published fit through the same path)', async () => {
    const r = await fitTransactions({ ...base, model: 'mbgnbd' });
    expect(r.horizon).toBeCloseTo(90 / 7, 10);
    expect(Math.abs(r.fit.params.a! - 0.891356)).toBeLessThan(0.015);
    expect(r.holdout).toBeUndefined();
  });
});

describe('bad input is an error naming the file, the column and a sample row', () => {
  const opts = (file: string, amountCol = 'amount') => ({
    file,
    customerCol: 'customer_id',
    dateCol: 'order_date',
    amountCol,
    calibrationEnd: '2020-03-01',
  });

  it('missing column', async () => {
    const e = await fitTransactions(opts(bad('missing-column.csv'), 'price')).catch((x) => x);
    expect(e).toBeInstanceOf(StatsInputError);
    expect(e.message).toMatch(/--amount-col: column "price" not found in .*missing-column\.csv/);
    expect(e.hint).toMatch(/customer_id, order_date, amount/);
  });

  it('unparsable date', async () => {
    const e = await fitTransactions(opts(bad('bad-date.csv'))).catch((x) => x);
    expect(e).toBeInstanceOf(StatsInputError);
    expect(e.message).toMatch(/bad-date\.csv: column "order_date" has 2 bad value\(s\).*line 3: "2020-02-31"/);
    expect(e.location.line).toBe(3);
  });

  it('negative amount', async () => {
    const e = await fitTransactions(opts(bad('negative-amount.csv'))).catch((x) => x);
    expect(e.message).toMatch(/column "amount" has 1 bad value.*amount < 0.*line 4: "-9.99"/);
  });

  it('the yargs command prints the error and sets exit code 2', async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    const before = process.exitCode;
    try {
      await yargs()
        .command(fitCommand)
        .parseAsync(
          `fit --transactions ${bad('negative-amount.csv')} --customer-col customer_id --date-col order_date ` +
            `--amount-col amount --calibration-end 2020-03-01 --out ${out}`,
        );
      expect(process.exitCode).toBe(2);
      expect(errors.join('\n')).toMatch(/negative-amount\.csv:4: .*amount/);
    } finally {
      process.exitCode = before;
      spy.mockRestore();
    }
  });

  it('the yargs command fits CDNOW and prints parameters, LL and holdout metrics', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((m: string) => void lines.push(m));
    try {
      await yargs()
        .command(fitCommand)
        .parseAsync(
          `fit --transactions ${base.file} --customer-col customer_id --date-col order_date --amount-col amount ` +
            `--calibration-end 1997-09-30 --holdout-end 1998-06-30 --out ${out}`,
        );
    } finally {
      spy.mockRestore();
    }
    const text = lines.join('\n');
    expect(text).toMatch(/bgnbd: r=0\.242\d+ alpha=4\.41\d+ a=0\.79\d+ b=2\.42\d+/);
    expect(text).toMatch(/log-likelihood -9582\.4\d+ .*status converged/);
    expect(text).toMatch(/holdout \(39 weeks\): correlation 0\.62(5|6)\d/);
  });
});
