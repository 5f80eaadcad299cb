import type { ModelNode } from '../../manifest.js';
import { atomically, run, selectBody, type MaterializeContext, type MaterializeOutcome } from './context.js';

/** create or replace view; a table of the same name (the model used to be a table) is dropped first. */
export async function materializeView(ctx: MaterializeContext, node: ModelNode): Promise<MaterializeOutcome> {
  const { dialect, connection, relations } = ctx;
  await relations.ensureSchema(connection, node.relation);
  const existing = await relations.kindOf(connection, node.relation);
  const create = dialect.createView(node.relation, selectBody(node.compiled_code));
  // A lone statement needs no transaction; skipping begin/commit keeps the per-view overhead minimal.
  if (existing === 'table') await atomically(ctx, [dialect.dropRelation(node.relation, 'table'), create]);
  else await run(ctx, create);
  await relations.remember(connection, node.relation, 'view');
  return { status: 'success', message: 'OK' };
}
