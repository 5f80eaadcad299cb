// `clv lineage --openlineage-file`: one COMPLETE RunEvent per SQL model with the columnLineage facet, named
// exactly as the events of `clv run` / `clv build` name jobs and datasets (openlineage-events.ts), so a
// catalog joins the two. One JSON object per line.
import { writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { Manifest, ModelNode } from '../manifest.js';
import { datasetContext } from './openlineage-datasets.js';
import { nodeCompleteEvent, type RunEventJson } from './openlineage-events.js';
import type { ProjectLineage } from './types.js';

export interface LineageEventContext {
  projectRoot: string;
  target: { type: string; name?: string; [key: string]: unknown };
  /** Job namespace (OPENLINEAGE_NAMESPACE); default: the project name. */
  namespace?: string;
  eventTime: string;
}

export function openLineageEvents(manifest: Manifest, lineage: ProjectLineage, context: LineageEventContext): RunEventJson[] {
  const datasets = datasetContext(manifest, context.target, context.projectRoot);
  const namespace = context.namespace ?? manifest.metadata.project_name;
  const events: RunEventJson[] = [];
  for (const [id, model] of Object.entries(lineage)) {
    const node = manifest.nodes[id] as ModelNode;
    if (node.language !== 'sql' || node.config.materialized === 'ephemeral') continue;
    const run = { node, runId: randomUUID(), namespace, datasets, columnLineage: model.upstream };
    events.push(nodeCompleteEvent(run, context.eventTime));
  }
  return events;
}

export async function writeOpenLineage(file: string, events: RunEventJson[]): Promise<void> {
  await writeFile(file, events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : ''));
}
