import { isAbsolute, resolve } from 'node:path';
import type { SeedNode } from '../../manifest.js';
import type { MaterializeContext, MaterializeOutcome } from './context.js';
import { buildAndSwap } from './swap.js';

/** The engine's own CSV reader loads the file into a temporary table that is then swapped in. */
export async function materializeSeed(ctx: MaterializeContext, node: SeedNode): Promise<MaterializeOutcome> {
  const csvPath = isAbsolute(node.seed_path) ? node.seed_path : resolve(ctx.projectRoot, node.seed_path);
  const columnTypes = node.config.column_types ?? {};
  const { rowsAffected } = await buildAndSwap(ctx, node.relation, (tmp) =>
    ctx.dialect.createTableFromCsv(tmp, csvPath, columnTypes),
  );
  return { status: 'success', message: rowsAffected === undefined ? 'INSERT' : `INSERT ${rowsAffected}`, rowsAffected };
}
