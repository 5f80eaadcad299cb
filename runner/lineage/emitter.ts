// Turns the executor's run events into OpenLineage RunEvents and hands them to the configured transports.
// Called from the executor's onEvent hook, so it only builds small objects and queues them: all I/O is in
// the transports, in the background. A bug here costs a warning line, never the build.
import { randomUUID } from 'node:crypto';
import type { Manifest } from '../manifest.js';
import { FAILED, type RunEvent } from '../run/types.js';
import type { OpenLineageConfig } from './openlineage-config.js';
import { datasetContext } from './openlineage-datasets.js';
import { invocationEvent, nodeAbortEvent, nodeEndEvent, nodeStartEvent, type InvocationRun, type NodeRun } from './openlineage-events.js';
import { fileTransport, httpTransport, type Transport } from './openlineage-transport.js';

export interface EmitterContext {
  manifest: Manifest;
  /** run | build | seed | test: names the invocation's job, as dbt-ol's `dbt-<command>-<project>`. */
  command: string;
  projectRoot: string;
  /** The resolved target (type, path / account, ...): the datasets' namespace. */
  target: { type: string; name?: string; [key: string]: unknown };
  /** A model's column lineage (column -> upstream '<unique_id>.<column>' paths) when known. */
  columnLineageOf?: (uniqueId: string) => Record<string, string[]> | undefined;
  now?: () => string;
}

export interface OpenLineageEmitter {
  onEvent(event: RunEvent): void;
  /** Flushes the transports (bounded wait); returns warning lines for the user. */
  close(): Promise<string[]>;
}

export function openLineageEmitter(config: OpenLineageConfig, context: EmitterContext): OpenLineageEmitter {
  const transports: Transport[] = [];
  if (config.file) transports.push(fileTransport(config.file));
  if (config.url) transports.push(httpTransport(config));
  const { manifest } = context;
  const now = context.now ?? (() => new Date().toISOString());
  const namespace = config.namespace ?? manifest.metadata.project_name;
  // The invocation id of run_results.json is the parent run's id: one id for one invocation everywhere.
  const invocation: InvocationRun = {
    job: { namespace, name: `clv-${context.command}-${manifest.metadata.project_name}` },
    runId: manifest.metadata.invocation_id ?? randomUUID(),
  };
  const datasets = datasetContext(manifest, context.target, context.projectRoot);
  const columnLineageOf = context.columnLineageOf ?? ((id: string) => {
    const node = manifest.nodes[id];
    return node?.resource_type === 'model' ? node.column_lineage : undefined;
  });
  const runs = new Map<string, NodeRun>();
  let broken: string | undefined;
  let invocationOpen = false;
  const send = (event: Parameters<Transport['send']>[0]): void => { for (const t of transports) t.send(event); };

  const handle = (event: RunEvent): void => {
    switch (event.type) {
      case 'run_start':
        invocationOpen = true;
        send(invocationEvent(invocation, 'START', now()));
        return;
      case 'node_start': {
        const { node } = event;
        if (node.resource_type === 'test') return;
        const run: NodeRun = { node, runId: randomUUID(), namespace, parent: invocation, datasets, columnLineage: columnLineageOf(node.unique_id) };
        runs.set(node.unique_id, run);
        send(nodeStartEvent(run, now()));
        return;
      }
      case 'node_finish': {
        // Skipped nodes never started: dbt-ol reports no run for them either.
        const run = runs.get(event.node.unique_id);
        if (!run) return;
        runs.delete(event.node.unique_id);
        send(nodeEndEvent(run, event.result, now()));
        return;
      }
      case 'run_finish': {
        invocationOpen = false;
        const failures = event.results.results.filter((r) => FAILED.has(r.status)).length;
        send(invocationEvent(invocation, failures ? 'FAIL' : 'COMPLETE', now(), failures ? `${failures} node${failures === 1 ? '' : 's'} failed` : undefined));
      }
    }
  };

  return {
    onEvent(event) {
      try {
        handle(event);
      } catch (error) {
        broken ??= error instanceof Error ? error.message : String(error);
      }
    },
    async close() {
      // Every START gets its end: runs the executor never finished (it threw) are ABORTed.
      try {
        for (const run of runs.values()) send(nodeAbortEvent(run, now()));
        runs.clear();
        if (invocationOpen) send(invocationEvent(invocation, 'ABORT', now()));
        invocationOpen = false;
      } catch (error) {
        broken ??= error instanceof Error ? error.message : String(error);
      }
      const warnings = (await Promise.all(transports.map((t) => t.close().catch((e: unknown) => [`OpenLineage: ${String(e)}`])))).flat();
      if (broken) warnings.unshift(`OpenLineage: events could not be built (${broken}); the run itself is unaffected.`);
      return warnings;
    },
  };
}
