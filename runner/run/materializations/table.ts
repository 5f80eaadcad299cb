import type { ModelNode } from '../../manifest.js';
import { selectBody, type MaterializeContext, type MaterializeOutcome } from './context.js';
import { buildAndSwap } from './swap.js';

export async function materializeTable(
  ctx: MaterializeContext,
  node: ModelNode,
  sql: string = node.compiled_code,
): Promise<MaterializeOutcome> {
  const { rowsAffected } = await buildAndSwap(ctx, node.relation, (tmp) => ctx.dialect.createTableAs(tmp, selectBody(sql)));
  return { status: 'success', message: rowsAffected === undefined ? 'OK' : `OK ${rowsAffected}`, rowsAffected };
}
