// OpenLineage RunEvents (COMPLETE) with the columnLineage facet, one JSON object per line, so catalogs that
// speak OpenLineage (Marquez, DataHub, OpenMetadata...) can ingest clv's jobs, datasets and column lineage.
import { writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { Manifest, ModelNode } from '../manifest.js';
import { runEvent, type ParserTable } from './parser.js';
import type { KnownColumns, ProjectLineage } from './types.js';
import { tablesFor } from './analyze.js';

export function openLineageEvents(manifest: Manifest, lineage: ProjectLineage, known: KnownColumns, dialect: string, eventTime: string): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  const columnsOf = (id: string): string[] | undefined => (lineage[id] && !lineage[id]!.unresolved['*'] ? lineage[id]!.columns : known.get(id));
  for (const id of Object.keys(lineage)) {
    const node = manifest.nodes[id] as ModelNode;
    if (node.language !== 'sql' || node.config.materialized === 'ephemeral') continue;
    const tables: ParserTable[] = tablesFor(node, manifest, columnsOf);
    const event = runEvent(node.compiled_code, dialect, tables, { namespace: manifest.metadata.project_name, name: id, runId: randomUUID(), eventTime });
    if (event) events.push(event);
  }
  return events;
}

export async function writeOpenLineage(file: string, events: Record<string, unknown>[]): Promise<void> {
  await writeFile(file, events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : ''));
}
