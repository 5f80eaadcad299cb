import type { AnyNode } from '../manifest.js';

/** Snapshots are model nodes materialized 'snapshot' (runner/compile/snapshots.ts); selection names them apart. */
export const resourceKind = (node: AnyNode): string =>
  node.resource_type === 'model' && node.config?.materialized === 'snapshot' ? 'snapshot' : node.resource_type;
