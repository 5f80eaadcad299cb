// Running a TypeScript model: import it, call run(ctx), land the returned rows (row objects or columns)
// with the engine's bulk writer (DuckDB's appender; a CSV the engine reads where there is none), and
// materialize them exactly like a SQL model: a table is built beside the old one and swapped in
// (a throwing model leaves yesterday's table intact); an incremental model folds the batch in by
// merge / delete+insert / append. Warnings from ctx.log.warn end the node with status `warn`.
import type { ColumnBatch } from '../../adapters/adapter.js';
import type { ModelNode, RelationRef } from '../../manifest.js';
import { run, tryRun, type MaterializeContext, type MaterializeOutcome } from '../materializations/context.js';
import { foldBatch, keyList } from '../materializations/incremental.js';
import { buildAndSwapWith, TMP_SUFFIX } from '../materializations/swap.js';
import { toBatch } from './columns.js';
import { modelContext, type ModelRunState } from './context.js';
import { loadTypeScriptModel } from './load.js';
import { writeRowsFile } from './rows-file.js';

export async function materializeTypeScript(ctx: MaterializeContext, node: ModelNode): Promise<MaterializeOutcome> {
  const manifest = ctx.manifest;
  if (!manifest) throw new Error(`TypeScript model ${node.name} needs the run's manifest in its materialize context`);
  const { connection, relations } = ctx;
  const config = node.config;
  await relations.ensureSchema(connection, node.relation);
  const existing = await relations.kindOf(connection, node.relation);
  const fullRefresh = typeof config.full_refresh === 'boolean' ? config.full_refresh : ctx.fullRefresh;
  const incremental = config.materialized === 'incremental' && existing === 'table' && !fullRefresh;

  const model = await loadTypeScriptModel(ctx.projectRoot, node.original_file_path);
  const state: ModelRunState = { warnings: [], infos: [] };
  const returned = await model.run(modelContext(ctx, node, manifest, incremental, state));
  const declared = (config.columns as Record<string, string> | undefined) ?? {};
  const batch = toBatch(returned, declared, node.original_file_path);
  if (batch.names.length === 0 && !incremental) {
    throw new Error(`${node.name} returned no rows and declares no config.columns, so its table's columns are unknown: declare config.columns ({ name: 'sql type', ... })`);
  }

  let affected: number;
  if (incremental) {
    affected = batch.length === 0 ? 0 : await foldIn(ctx, node, batch);
  } else {
    await buildAndSwapWith(ctx, node.relation, (tmp) => createTable(ctx, tmp, batch));
    affected = batch.length;
  }
  const lines = [`OK ${affected}`, ...state.infos.map((m) => `INFO ${m}`), ...state.warnings.map((m) => `WARN ${m}`)];
  return { status: state.warnings.length > 0 ? 'warn' : 'success', message: lines.join('\n'), rowsAffected: affected };
}

/** The incremental batch lands in `<identifier>__clv_tmp` and is folded into the target like a SQL batch. */
async function foldIn(ctx: MaterializeContext, node: ModelNode, data: ColumnBatch): Promise<number> {
  const { dialect } = ctx;
  const uniqueKey = keyList(node.config.unique_key);
  const strategy = node.config.incremental_strategy ?? (uniqueKey.length ? 'delete+insert' : 'append');
  if (strategy !== 'append' && strategy !== 'merge' && strategy !== 'delete+insert') {
    throw new Error(`incremental_strategy '${strategy}' is not supported for TypeScript models (${node.name}): use append, merge or delete+insert`);
  }
  if (strategy !== 'append' && uniqueKey.length === 0) throw new Error(`incremental_strategy '${strategy}' needs a unique_key (model ${node.name})`);
  const batch: RelationRef = { ...node.relation, identifier: `${node.relation.identifier}${TMP_SUFFIX}` };
  try {
    await tryRun(ctx, dialect.dropRelation(batch, 'table'));
    await createTable(ctx, batch, data);
    return (await foldBatch(ctx, node, batch, strategy, uniqueKey)) ?? data.length;
  } finally {
    await tryRun(ctx, dialect.dropRelation(batch, 'table'));
  }
}

/** Creates `relation` holding the batch: the engine's bulk writer where it has one, else a CSV it loads. */
async function createTable(ctx: MaterializeContext, relation: RelationRef, batch: ColumnBatch): Promise<{ rowsAffected: number }> {
  const { connection, dialect } = ctx;
  if (connection.createTableFromColumns) {
    const { rowsAffected, statements } = await connection.createTableFromColumns(relation, batch);
    ctx.statements.push(...statements);
    return { rowsAffected };
  }
  const file = await writeRowsFile(relation.identifier, batch);
  try {
    await run(ctx, dialect.createTableFromCsv(relation, file.path, file.columnTypes));
  } finally {
    await file.remove();
  }
  return { rowsAffected: batch.length };
}
