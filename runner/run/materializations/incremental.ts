// Incremental models: the first build (or a full refresh) is a table build; later builds compute the new
// batch into a temporary table and fold it into the target by merge, delete+insert or append.
import type { QueryResult } from '../../adapters/adapter.js';
import type { ModelNode, RelationRef } from '../../manifest.js';
import { atomicWrite, describeColumns, run, selectBody, tryRun, type MaterializeContext, type MaterializeOutcome } from './context.js';
import { columnsToWrite, diffColumns, schemaChangeError } from './schemaChange.js';
import { TMP_SUFFIX } from './swap.js';
import { materializeTable } from './table.js';

/** `unique_key` as written (`'id'`, `'a, b'` or a list) → the key columns. */
export const keyList = (key: unknown): string[] =>
  key === undefined || key === null ? [] : (Array.isArray(key) ? key.map(String) : String(key).split(',')).map((k) => k.trim()).filter(Boolean);

/**
 * Folds a built batch into the incremental target: on_schema_change decides about new or missing columns,
 * then merge, delete+insert or append, all or nothing (atomicWrite). Rows the last statement changed.
 */
export async function foldBatch(ctx: MaterializeContext, node: ModelNode, batch: RelationRef, strategy: string, uniqueKey: string[]): Promise<number | undefined> {
  const { dialect } = ctx;
  const policy = node.config.on_schema_change ?? 'ignore';
  const [targetColumns, batchColumns] = [await describeColumns(ctx, node.relation), await describeColumns(ctx, batch)];
  const diff = diffColumns(targetColumns, batchColumns);
  if (policy === 'fail' && (diff.added.length || diff.missing.length)) throw new Error(schemaChangeError(node.name, diff));
  const ddl = (policy === 'append_new_columns' || policy === 'sync_all_columns') && diff.added.length ? [dialect.addColumns(node.relation, diff.added)] : [];
  const columns = columnsToWrite(targetColumns, batchColumns, policy);
  const dml: string[] = [];
  if (strategy === 'merge') dml.push(dialect.merge(node.relation, batch, uniqueKey, columns));
  if (strategy === 'delete+insert') dml.push(dialect.deleteMatching(node.relation, batch, uniqueKey));
  if (strategy !== 'merge') dml.push(dialect.insertInto(node.relation, columns, batch));
  const results: QueryResult[] = await atomicWrite(ctx, ddl, dml);
  return results[results.length - 1]?.rowsAffected;
}

export async function materializeIncremental(ctx: MaterializeContext, node: ModelNode): Promise<MaterializeOutcome> {
  const { dialect, connection, relations } = ctx;
  const config = node.config;
  await relations.ensureSchema(connection, node.relation);
  const existing = await relations.kindOf(connection, node.relation);
  // dbt: config full_refresh (true/false) overrides the --full-refresh flag.
  const fullRefresh = typeof config.full_refresh === 'boolean' ? config.full_refresh : ctx.fullRefresh;
  if (existing !== 'table' || fullRefresh) return materializeTable(ctx, node, node.compiled_code);

  const uniqueKey = keyList(config.unique_key);
  // dbt-duckdb's default: delete+insert when a unique_key is set, append otherwise.
  const strategy = config.incremental_strategy ?? (uniqueKey.length ? 'delete+insert' : 'append');
  if (strategy === 'microbatch') throw new Error(`incremental_strategy 'microbatch' is not supported yet (model ${node.name})`);
  if (strategy !== 'append' && uniqueKey.length === 0) {
    throw new Error(`incremental_strategy '${strategy}' needs a unique_key (model ${node.name}): set config(unique_key='id') or use 'append'`);
  }

  const identifier = `${node.relation.identifier}${TMP_SUFFIX}`;
  const batch = dialect.temporaryRelation?.(node.relation, identifier) ?? { ...node.relation, identifier };
  await run(ctx, dialect.createTableAs(batch, selectBody(node.compiled_incremental_code ?? node.compiled_code), { temporary: true }));
  try {
    const rowsAffected = await foldBatch(ctx, node, batch, strategy, uniqueKey);
    return { status: 'success', message: rowsAffected === undefined ? 'OK' : `OK ${rowsAffected}`, rowsAffected };
  } finally {
    await tryRun(ctx, dialect.dropRelation(batch, 'table'));
  }
}
