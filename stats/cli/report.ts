// Human-readable report of a `clv fit` run: parameters, LL, convergence, warnings, holdout metrics.
import type { FitTransactionsResult } from './fit-transactions.js';

const num = (v: number, digits = 6): string => (Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : String(v));

export function formatFitReport(r: FitTransactionsResult): string[] {
  const lines: string[] = [];
  const { fit, spend } = r;
  lines.push(`read ${r.rows} rows as ${r.format}${r.leftOut > 0 ? `, ${r.leftOut} left out by --where` : ''}`);
  lines.push(`customers: ${r.customers} (${r.purchaseDays} purchase days), time unit: ${r.period}`);
  lines.push(
    `${fit.model}: ${Object.entries(fit.params).map(([k, v]) => `${k}=${num(v)}`).join(' ')}`,
    `  log-likelihood ${fit.logLik.toFixed(4)} (unscaled, per ${r.period}); status ${fit.status}; ` +
      `${fit.iterations} iterations, ${fit.evaluations} evaluations (${fit.optimizer}), ${fit.tuples} tuples`,
  );
  lines.push(
    `gammagamma: ${Object.entries(spend.params).map(([k, v]) => `${k}=${num(v)}`).join(' ')}`,
    `  log-likelihood ${spend.logLik.toFixed(4)}; status ${spend.status}; ${spend.customers} repeat customers; ` +
      `corr(frequency, spend) = ${num(spend.independence.correlation, 3)}`,
  );
  for (const w of [...fit.warnings, ...spend.warnings]) lines.push(`warning: ${w}`);
  if (r.holdout) {
    const h = r.holdout;
    lines.push(
      `holdout (${num(r.horizon, 4)} ${r.period}s): correlation ${h.correlation.toFixed(4)}, MAE ${h.mae.toFixed(4)}, ` +
        `predicted ${h.predictedTotal.toFixed(1)} vs actual ${h.actualTotal} purchases (${(100 * h.totalError).toFixed(1)} %)`,
    );
  }
  if (r.predictionsFile) lines.push(`wrote ${r.predictionsFile}`);
  return lines;
}
