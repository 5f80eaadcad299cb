// A data test is a query returning failing rows; the runner counts them and judges the count.
// store_failures keeps the failing rows in the test's relation (dbt: <schema>_dbt_test__audit.<test name>).
import type { TestNode } from '../../manifest.js';
import { run, type MaterializeContext, type MaterializeOutcome } from './context.js';
import { buildAndSwap } from './swap.js';
import { judge } from './thresholds.js';

export async function materializeTest(ctx: MaterializeContext, node: TestNode): Promise<MaterializeOutcome> {
  const { dialect } = ctx;
  const { config } = node;
  let failingRows = node.compiled_code.trim().replace(/;\s*$/, '');
  if (typeof config.limit === 'number') failingRows = `select * from (\n${failingRows}\n) dbt_internal_limit limit ${config.limit}`;

  let source = `(\n${failingRows}\n) dbt_internal_test`;
  if (config.store_failures) {
    await buildAndSwap(ctx, node.relation, (tmp) => dialect.createTableAs(tmp, failingRows));
    source = dialect.renderRelation(node.relation);
  }
  // dbt's fail_calc: how failing rows become the failure count (default count(*), e.g. sum(n_records)).
  const failCalc = typeof config.fail_calc === 'string' && config.fail_calc.trim() ? config.fail_calc : 'count(*)';
  const result = await run(ctx, `select ${failCalc} as failures from ${source}`);
  const failures = Number(result.rows[0]?.failures ?? 0) || 0;
  const verdict = judge(failures, config);
  return { ...verdict, failures };
}
