// Build a relation under `<identifier>__clv_tmp`, then swap it in. The previous relation is only dropped
// after the new one built, and drop + rename share a transaction where the engine allows, so a failing
// build (or swap) leaves yesterday's table intact and queryable.
import type { RelationRef } from '../../manifest.js';
import { atomically, run, tryRun, type MaterializeContext } from './context.js';

export const TMP_SUFFIX = '__clv_tmp';

export function buildAndSwap(
  ctx: MaterializeContext,
  relation: RelationRef,
  buildSql: (tmp: RelationRef) => string,
): Promise<{ rowsAffected?: number }> {
  return buildAndSwapWith(ctx, relation, (tmp) => run(ctx, buildSql(tmp)));
}

/** buildAndSwap with any way of creating the temporary relation (a TypeScript model's bulk write). */
export async function buildAndSwapWith(
  ctx: MaterializeContext,
  relation: RelationRef,
  build: (tmp: RelationRef) => Promise<{ rowsAffected?: number }>,
): Promise<{ rowsAffected?: number }> {
  const { dialect, connection, relations } = ctx;
  const tmp: RelationRef = { ...relation, identifier: `${relation.identifier}${TMP_SUFFIX}` };
  await relations.ensureSchema(connection, relation);
  const leftover = await relations.kindOf(connection, tmp);
  if (leftover) await run(ctx, dialect.dropRelation(tmp, leftover));

  let built;
  try {
    built = await build(tmp);
  } catch (error) {
    await tryRun(ctx, dialect.dropRelation(tmp, 'table'));
    throw error;
  }

  const existing = await relations.kindOf(connection, relation);
  // Where DDL commits on its own, drop + rename would leave a moment (or, failing between the two, a
  // state) with no relation at all: such engines exchange the two tables in one statement, then drop the
  // old data now under the temporary name (a leftover is dropped by the next build, above).
  const swap = existing === 'table' && !dialect.transactionalDdl && dialect.swapTables
    ? [dialect.swapTables(relation, tmp), dialect.dropRelation(tmp, 'table')]
    : [...(existing ? [dialect.dropRelation(relation, existing)] : []), dialect.renameRelation(tmp, 'table', relation.identifier)];
  try {
    await atomically(ctx, swap);
  } catch (error) {
    await tryRun(ctx, dialect.dropRelation(tmp, 'table'));
    throw error;
  }
  await relations.remember(connection, tmp, undefined);
  await relations.remember(connection, relation, 'table');
  return { rowsAffected: built.rowsAffected };
}
