// `clv fit`: fit the CLV models on a plain transaction CSV, outside the DAG (registered in bin/main.ts).
import type { Argv, CommandModule } from 'yargs';
import { ClvError } from '../../runner/errors.js';
import { PURCHASE_MODELS, type PurchaseModelName } from '../models.js';
import type { Period } from '../summary.js';
import { fitTransactions } from './fit-transactions.js';
import { formatFitReport } from './report.js';

interface FitArgs {
  transactions: string;
  'customer-col': string;
  'date-col': string;
  'amount-col'?: string;
  'amount-expr'?: string;
  where?: string;
  'decimal-separator'?: string;
  'calibration-end': string;
  'holdout-end'?: string;
  model: PurchaseModelName;
  period: Period;
  'date-format'?: string;
  out: string;
  months: number;
  'discount-rate': number;
}

export const fitCommand: CommandModule<object, FitArgs> = {
  command: 'fit',
  describe: 'Fit BG/NBD (or Pareto/NBD, MBG/NBD) + Gamma-Gamma on a transaction file and write per-customer predictions',
  builder: (y: Argv<object>) =>
    y
      .option('transactions', {
        type: 'string',
        demandOption: true,
        describe: 'one row per purchase: CSV (any delimiter, header or not), whitespace-separated text, .parquet or .jsonl',
      })
      .option('customer-col', { type: 'string', demandOption: true })
      .option('date-col', { type: 'string', demandOption: true })
      .option('amount-col', { type: 'string', describe: 'amount column (or --amount-expr)' })
      .option('amount-expr', { type: 'string', describe: 'SQL over the columns, e.g. "Quantity * UnitPrice"' })
      .conflicts('amount-col', 'amount-expr')
      .check((a) => (a['amount-col'] !== undefined || a['amount-expr'] !== undefined ? true : 'give --amount-col or --amount-expr'))
      .option('where', { type: 'string', describe: 'SQL condition: rows where it is not true are left out and counted, e.g. "CustomerID is not null and Quantity > 0"' })
      .option('decimal-separator', { type: 'string', describe: "CSV amounts written 12,50: pass ','" })
      .option('calibration-end', { type: 'string', demandOption: true, describe: 'last calibration day, YYYY-MM-DD' })
      .option('holdout-end', { type: 'string', describe: 'last holdout day, YYYY-MM-DD: prints holdout metrics' })
      .option('model', { choices: PURCHASE_MODELS, default: 'bgnbd' as PurchaseModelName })
      .option('period', { choices: ['day', 'week'] as const, default: 'week' as Period })
      .option('date-format', { type: 'string', describe: 'strptime format, e.g. %d/%m/%Y' })
      .option('out', { type: 'string', demandOption: true, describe: 'directory for predictions.csv' })
      .option('months', { type: 'number', default: 12, describe: 'CLV horizon in months' })
      .option('discount-rate', { type: 'number', default: 0.01, describe: 'monthly discount rate' }) as unknown as Argv<FitArgs>,
  handler: async (args) => {
    try {
      const result = await fitTransactions({
        file: args.transactions,
        customerCol: args['customer-col'],
        dateCol: args['date-col'],
        amountCol: args['amount-col'],
        amountExpr: args['amount-expr'],
        where: args.where,
        decimalSeparator: args['decimal-separator'],
        calibrationEnd: args['calibration-end'],
        holdoutEnd: args['holdout-end'],
        model: args.model,
        period: args.period,
        dateFormat: args['date-format'],
        out: args.out,
        months: args.months,
        discountRate: args['discount-rate'],
      });
      for (const line of formatFitReport(result)) console.log(line);
    } catch (e) {
      if (!(e instanceof ClvError)) throw e;
      console.error(`error: ${e.format()}`);
      process.exitCode = 2;
    }
  },
};
