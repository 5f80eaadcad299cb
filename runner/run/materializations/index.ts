// One entry point per node: pick the strategy by resource type and materialization.
import type { ExecutableNode } from '../../manifest.js';
import { run, type MaterializeContext, type MaterializeOutcome } from './context.js';
import { materializeExternal } from './external.js';
import { materializeIncremental } from './incremental.js';
import { materializeSeed } from './seed.js';
import { materializeSnapshot } from './snapshot.js';
import { materializeTable } from './table.js';
import { materializeTest } from './test.js';
import { materializeView } from './view.js';
import { materializeTypeScript } from '../typescript/materialize.js';
import { materializeUnitTest } from '../../unit-tests/run.js';
import { materializeMicrobatch } from '../../microbatch/materialize.js';

export type { MaterializeContext, MaterializeOutcome } from './context.js';

/** Ephemeral models are inlined as CTEs by the compiler and never executed. */
export const isExecuted = (node: ExecutableNode): boolean =>
  !(node.resource_type === 'model' && node.config.materialized === 'ephemeral');

export async function materialize(ctx: MaterializeContext, node: ExecutableNode): Promise<MaterializeOutcome> {
  const hooks = 'compiled_hooks' in node ? node.compiled_hooks : undefined;
  for (const sql of hooks?.pre ?? []) await run(ctx, sql);
  const outcome = await strategy(ctx, node);
  await applyGrants(ctx, node);
  // After the grants, as dbt orders them; a failed build throws before and skips them.
  for (const sql of hooks?.post ?? []) await run(ctx, sql);
  return outcome;
}

/** `create or replace` drops grants, so config `grants: { select: [roles] }` is re-applied after each build. */
async function applyGrants(ctx: MaterializeContext, node: ExecutableNode): Promise<void> {
  const grants = node.config.grants as { select?: string[] | string } | undefined;
  if (!ctx.dialect.grantSelect || node.resource_type === 'test' || !grants?.select) return;
  const roles = Array.isArray(grants.select) ? grants.select : [grants.select];
  if (roles.length === 0) return;
  const kind = node.resource_type === 'model' && node.config.materialized === 'view' ? 'view' : 'table';
  for (const sql of ctx.dialect.grantSelect(node.relation, kind, roles)) await run(ctx, sql);
}

function strategy(ctx: MaterializeContext, node: ExecutableNode): Promise<MaterializeOutcome> {
  switch (node.resource_type) {
    case 'analysis':
      // The planner never schedules analyses for run/build (dbt compiles them only); this says so if it ever did.
      return Promise.reject(new Error(`${node.name} is an analysis (${node.original_file_path}): analyses are compiled to target/compiled, never run. Use \`clv compile --select ${node.name}\` and run its SQL yourself, or move it to a model path.`));
    case 'seed':
      return materializeSeed(ctx, node);
    case 'test':
      if (node.unit_test) return materializeUnitTest(ctx, node as typeof node & { unit_test: NonNullable<typeof node.unit_test> }); // clv framework: unit tests
      return materializeTest(ctx, node);
    case 'model':
      if (node.language === 'typescript') return materializeTypeScript(ctx, node); // clv: TypeScript models
      switch (node.config.materialized) {
        case 'view':
          return materializeView(ctx, node);
        case 'table':
          return materializeTable(ctx, node);
        case 'snapshot':
          return materializeSnapshot(ctx, node); // dbt snapshots (runner/compile/snapshots.ts)
        case 'external':
          return materializeExternal(ctx, node); // dbt-duckdb
        case 'incremental':
          if (node.config.incremental_strategy === 'microbatch') return materializeMicrobatch(ctx, node); // clv microbatch
          return materializeIncremental(ctx, node);
        default:
          return Promise.reject(new Error(`materialization '${node.config.materialized}' is not supported for models (${node.name}): use view, table, incremental, ephemeral or external (DuckDB)`));
      }
  }
}
