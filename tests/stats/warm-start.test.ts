// Warm starts: a fit started from a previous fit's optimum and inverse Hessian (what the DAG's fit nodes
// do when the data moved a little since the last build) lands on the cold fit's optimum in a few steps.
import { beforeAll, describe, expect, it } from 'vitest';
import { purchaseModels, type PurchaseModelName } from '../../stats/models.js';
import type { RfmTuple } from '../../stats/types.js';
import { loadCdnowSummary } from './helpers/cdnow.js';

let today: RfmTuple[];
let yesterday: RfmTuple[];

beforeAll(async () => {
  const rows = await loadCdnowSummary();
  today = rows.map((r) => ({ x: r.x, tx: r.tx, T: r.T }));
  // The previous build: the same customers one day (1/7 week) earlier.
  yesterday = rows.map((r) => ({ x: r.x, tx: r.tx, T: Math.max(r.tx, r.T - 1 / 7) }));
});

describe.each<PurchaseModelName>(['bgnbd', 'mbgnbd', 'pareto'])('%s warm start', (name) => {
  // clv.md §5: optimisers stop at slightly different points of the same flat optimum; it compares
  // parameters at ~1e-3 relative and LL at 0.01. Held here to 1e-4 and 1e-4.
  it('reaches the cold optimum in far fewer iterations', () => {
    const model = purchaseModels[name];
    const cold = model.fit(today);
    const previous = model.fit(yesterday);
    expect(previous.inverseHessian).toHaveLength(Object.keys(previous.params).length);
    const warm = model.fit(today, { start: previous.params, inverseHessian: previous.inverseHessian });
    expect(warm.converged).toBe(true);
    for (const key of Object.keys(cold.params)) expect(Math.abs(warm.params[key]! / cold.params[key]! - 1), key).toBeLessThan(1e-4);
    expect(Math.abs(warm.logLik - cold.logLik)).toBeLessThan(1e-4);
    console.log(`${name}: cold ${cold.iterations} iterations / ${cold.evaluations} evaluations, warm ${warm.iterations} / ${warm.evaluations}`);
    expect(warm.iterations).toBeLessThan(cold.iterations / 2);
  });
});
