// incremental_strategy='microbatch': each batch is its own idempotent unit — delete the target's rows of
// the batch window, insert the model's rows computed from inputs narrowed to that window — in one
// transaction where the engine allows. Batches run in order; a failing batch is recorded and the others go
// on, so `clv retry` can rerun just the failed ones. The first batch of an initial build (or full refresh)
// creates the table through the usual build-and-swap, so a failed rebuild leaves yesterday's table intact.
import type { ModelNode } from '../manifest.js';
import { atomicWrite, run, selectBody, type MaterializeContext, type MaterializeOutcome } from '../run/materializations/context.js';
import { materializeTable } from '../run/materializations/table.js';
import { batchesToRun } from './batches.js';
import { microbatchConfig } from './config.js';
import { filteredInputs, windowedSql, windowPredicate } from './filter.js';
import type { Batch, BatchResults } from './types.js';

export async function materializeMicrobatch(ctx: MaterializeContext, node: ModelNode): Promise<MaterializeOutcome> {
  const { dialect, connection, relations } = ctx;
  const config = microbatchConfig(node);
  await relations.ensureSchema(connection, node.relation);
  const existing = await relations.kindOf(connection, node.relation);
  const fullRefresh = typeof node.config.full_refresh === 'boolean' ? node.config.full_refresh : ctx.fullRefresh;
  const request = ctx.microbatch ?? {};
  const rerun = request.batches?.[node.unique_id];
  // Rerunning failed batches (clv retry) must keep the batches that succeeded, even after a --full-refresh run.
  const incremental = existing === 'table' && (!fullRefresh || rerun !== undefined);
  const batches = rerun ?? batchesToRun(config, { incremental, request });
  const inputs = filteredInputs(node, ctx.manifest, dialect);
  const code = incremental ? (node.compiled_incremental_code ?? node.compiled_code) : node.compiled_code;

  const results: BatchResults = { successful: [], failed: [] };
  const errors: string[] = [];
  let tableReady = incremental;
  let rows = 0;
  for (const batch of batches) {
    const sql = selectBody(windowedSql(code, inputs, batch));
    try {
      if (!tableReady) {
        rows += (await materializeTable(ctx, node, sql)).rowsAffected ?? 0;
        tableReady = true;
      } else {
        rows += await replaceBatch(ctx, node, config.eventTime, batch, sql);
      }
      results.successful.push([batch.start, batch.end]);
    } catch (error) {
      results.failed.push([batch.start, batch.end]);
      errors.push(`batch ${label(batch)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return outcome(batches.length, results, errors, rows);
}

async function replaceBatch(ctx: MaterializeContext, node: ModelNode, eventTime: string, batch: Batch, sql: string): Promise<number> {
  const { dialect } = ctx;
  const target = dialect.renderRelation(node.relation);
  const described = await run(ctx, dialect.columnsSql(node.relation));
  const columns = described.rows.map((row) => dialect.quoteIdentifier(String(row.name))).join(', ');
  const results = await atomicWrite(ctx, [], [
    `delete from ${target} where ${windowPredicate(eventTime, batch)}`,
    `insert into ${target} (${columns}) select ${columns} from (\n${sql}\n) as clv_microbatch`,
  ]);
  return results[1]?.rowsAffected ?? 0;
}

const label = (batch: Batch): string => `[${batch.start}, ${batch.end})`;

function outcome(total: number, results: BatchResults, errors: string[], rows: number): MaterializeOutcome {
  if (total === 0) return { status: 'success', message: 'OK no batches in the window', rowsAffected: 0, batchResults: results };
  if (errors.length === 0) {
    return { status: 'success', message: `OK ${rows} in ${total} batch${total === 1 ? '' : 'es'}`, rowsAffected: rows, batchResults: results };
  }
  // dbt 1.9: some batches failed → 'partial success', all failed → 'error'. Either way the invocation fails
  // and downstream is skipped rather than read a hole; batch_results name the failed windows for `clv retry`.
  const head = `${errors.length} of ${total} batches failed (${results.successful.length} succeeded; \`clv retry\` reruns only the failed ones)`;
  const status = results.successful.length > 0 ? 'partial success' : 'error';
  return { status, message: [head, ...errors].join('\n'), rowsAffected: rows, batchResults: results };
}
