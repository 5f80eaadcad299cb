// `npm run bench` section for the statistics library: simulate BG/NBD + Gamma-Gamma customers at
// CDNOW's parameters (acquisition over 730 days, day resolution, weeks; clv.md §7), group to tuples,
// fit both models and score every customer. Target: both fits ≤ 1.5 s at 1,000,000 customers.
import { fitBgNbd } from '../stats/bgnbd.js';
import { PERIODS_PER_MONTH } from '../stats/clv.js';
import { fitGammaGamma, type SpendTuple } from '../stats/gammagamma.js';
import { purchaseModels } from '../stats/models.js';
import { scoreCustomers, type ScoreInput } from '../stats/score.js';
import { simulateBgNbd, simulateSpend } from '../stats/simulate.js';
import { groupRfm } from '../stats/tuples.js';

const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG = { p: 6.25, q: 3.74, gamma: 15.44 };
const seconds = (ms: number): number => Number((ms / 1000).toFixed(3));

export async function run(): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  const rows: Record<string, string | number>[] = [];
  for (const customers of [100_000, 1_000_000]) {
    const sim = simulateBgNbd({ customers, params: BG, seed: 42 });
    const mbar = simulateSpend(sim.x, GG, 43);
    const data = { size: customers, x: Float64Array.from(sim.x), tx: sim.tx, T: sim.T, weight: new Float64Array(customers).fill(1) };
    const spendRows: SpendTuple[] = [];
    for (let i = 0; i < customers; i++) if (sim.x[i]! > 0) spendRows.push({ x: sim.x[i]!, mbar: mbar[i]! });

    let t = performance.now();
    const grouped = groupRfm(data);
    const groupMs = performance.now() - t;
    const cpu0 = process.cpuUsage();
    t = performance.now();
    const bg = fitBgNbd(grouped.tuples);
    const bgMs = performance.now() - t;
    t = performance.now();
    const gg = fitGammaGamma(spendRows);
    const ggMs = performance.now() - t;
    // CPU time next to wall time: the machine is shared, and CPU time shows the work when it is loaded.
    const fitCpu = process.cpuUsage(cpu0);

    const scoreInput: ScoreInput[] = Array.from(sim.x, (x, i) => ({ x, tx: sim.tx[i]!, T: sim.T[i]!, mbar: mbar[i]! }));
    t = performance.now();
    const scores = scoreCustomers(purchaseModels.bgnbd, bg.params as never, gg.params, scoreInput, {
      horizon: 90 / 7,
      clv: { periodsPerMonth: PERIODS_PER_MONTH.week },
    });
    const scoreMs = performance.now() - t;
    const totalClv = scores.reduce((s, c) => s + c.clv, 0);

    rows.push({
      customers,
      tuples: grouped.tuples.size,
      group_s: seconds(groupMs),
      bgnbd_fit_s: seconds(bgMs),
      gammagamma_fit_s: seconds(ggMs),
      both_fits_s: seconds(bgMs + ggMs),
      both_fits_cpu_s: seconds((fitCpu.user + fitCpu.system) / 1000),
      score_all_s: seconds(scoreMs),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      bgnbd_iterations: bg.iterations,
      bgnbd_status: bg.status,
      gammagamma_status: gg.status,
      r: Number(bg.params.r.toFixed(4)),
      alpha: Number(bg.params.alpha.toFixed(4)),
      a: Number(bg.params.a.toFixed(4)),
      b: Number(bg.params.b.toFixed(4)),
      p: Number(gg.params.p.toFixed(3)),
      q: Number(gg.params.q.toFixed(3)),
      gamma: Number(gg.params.gamma.toFixed(3)),
      mean_clv_12m: Number((totalClv / customers).toFixed(3)),
    });
  }
  return { name: 'stats: BG/NBD + Gamma-Gamma fit and score (synthetic, CDNOW parameters)', rows };
}

// Allow `npx tsx bench/stats.ts` on its own.
if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((r) => console.table(r.rows));
}
