// One entry point per node: pick the strategy by resource type and materialization.
import type { ExecutableNode } from '../../manifest.js';
import type { MaterializeContext, MaterializeOutcome } from './context.js';
import { materializeIncremental } from './incremental.js';
import { materializeSeed } from './seed.js';
import { materializeTable } from './table.js';
import { materializeTest } from './test.js';
import { materializeView } from './view.js';

export type { MaterializeContext, MaterializeOutcome } from './context.js';

/** Ephemeral models are inlined as CTEs by the compiler and never executed. */
export const isExecuted = (node: ExecutableNode): boolean =>
  !(node.resource_type === 'model' && node.config.materialized === 'ephemeral');

export function materialize(ctx: MaterializeContext, node: ExecutableNode): Promise<MaterializeOutcome> {
  switch (node.resource_type) {
    case 'seed':
      return materializeSeed(ctx, node);
    case 'test':
      return materializeTest(ctx, node);
    case 'model':
      switch (node.config.materialized) {
        case 'view':
          return materializeView(ctx, node);
        case 'table':
          return materializeTable(ctx, node);
        case 'incremental':
          return materializeIncremental(ctx, node);
        default:
          return Promise.reject(new Error(`materialization '${node.config.materialized}' is not supported for models (${node.name}): use view, table, incremental or ephemeral`));
      }
  }
}
