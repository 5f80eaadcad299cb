// The run side of OpenLineage: an emitter for one invocation, with column lineage reused from the last
// `clv lineage` / `clv compile --lineage` (see run-lineage.ts). Imported lazily by the runner API only when
// a transport is configured, and never loads the SQL parser.
import { join } from 'node:path';
import { openLineageEmitter, type EmitterContext, type OpenLineageEmitter } from './emitter.js';
import type { OpenLineageConfig } from './openlineage-config.js';
import { readRunLineage } from './run-lineage.js';

export type { OpenLineageEmitter } from './emitter.js';

export async function startOpenLineage(config: OpenLineageConfig, context: Omit<EmitterContext, 'columnLineageOf'> & { targetPath: string }): Promise<OpenLineageEmitter> {
  try {
    const columnLineageOf = await readRunLineage(join(context.projectRoot, context.targetPath), context.manifest);
    return openLineageEmitter(config, { ...context, columnLineageOf });
  } catch (error) {
    // Lineage never fails a build: the run goes on without events and says so once.
    const reason = error instanceof Error ? error.message : String(error);
    return { onEvent: () => {}, close: async () => [`OpenLineage: no events were sent (${reason}); the run itself is unaffected.`] };
  }
}
