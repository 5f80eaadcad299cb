import type { ModelNode } from '../../manifest.js';
import { selectBody, type MaterializeContext, type MaterializeOutcome } from './context.js';
import { buildAndSwap } from './swap.js';

export async function materializeTable(
  ctx: MaterializeContext,
  node: ModelNode,
  sql: string = node.compiled_code,
): Promise<MaterializeOutcome> {
  // dbt-snowflake: tables are transient unless the model sets `transient: false`; engines without
  // transient tables ignore the option.
  const transient = node.config.transient !== false;
  const { rowsAffected } = await buildAndSwap(ctx, node.relation, (tmp) => ctx.dialect.createTableAs(tmp, selectBody(sql), { transient }));
  return { status: 'success', message: rowsAffected === undefined ? 'OK' : `OK ${rowsAffected}`, rowsAffected };
}
