// OpenLineage RunEvents of an invocation, shaped as dbt-ol emits them: the invocation is a parent run
// (job `clv-<command>-<project>`), each executed model or seed is a job run of its own (job name = its
// unique_id) with a START when it starts and a COMPLETE or FAIL when it ends, linked to the invocation by
// the `parent` run facet. Pure: the emitter supplies ids and clocks.
import type { ExecutableNode } from '../manifest.js';
import type { NodeResult } from '../run/types.js';
import { inputDatasets, outputDataset, type Dataset, type DatasetContext } from './openlineage-datasets.js';
import { facet, PRODUCER, RUN_EVENT_SCHEMA } from './openlineage-facets.js';

export type EventType = 'START' | 'COMPLETE' | 'FAIL' | 'ABORT';

export interface JobRef {
  namespace: string;
  name: string;
}

export interface RunEventJson {
  eventType: EventType;
  eventTime: string;
  run: { runId: string; facets?: Record<string, unknown> };
  job: JobRef & { facets?: Record<string, unknown> };
  inputs: Dataset[];
  outputs: Dataset[];
  producer: string;
  schemaURL: string;
}

export interface InvocationRun {
  job: JobRef;
  runId: string;
}

const jobType = (type: string): Record<string, unknown> => facet('JobTypeJobFacet', '2-0-3', { processingType: 'BATCH', integration: 'CLV', jobType: type });

export function invocationEvent(invocation: InvocationRun, eventType: EventType, eventTime: string, errorMessage?: string): RunEventJson {
  return {
    eventType,
    eventTime,
    run: { runId: invocation.runId, ...(errorMessage ? { facets: { errorMessage: errorFacet(errorMessage) } } : {}) },
    job: { ...invocation.job, facets: { jobType: jobType('JOB') } },
    inputs: [],
    outputs: [],
    producer: PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA,
  };
}

const errorFacet = (message: string): Record<string, unknown> => facet('ErrorMessageRunFacet', '1-0-1', { message, programmingLanguage: 'SQL' });

const parentFacet = (parent: InvocationRun): Record<string, unknown> =>
  facet('ParentRunFacet', '1-1-0', { job: parent.job, run: { runId: parent.runId }, root: { job: parent.job, run: { runId: parent.runId } } });

export interface NodeRun {
  node: ExecutableNode;
  runId: string;
  parent: InvocationRun;
  datasets: DatasetContext;
  /** column -> upstream column paths, when the model's column lineage is known. */
  columnLineage?: Record<string, string[]>;
}

function nodeJob(run: NodeRun): RunEventJson['job'] {
  const facets: Record<string, unknown> = { jobType: jobType(run.node.resource_type === 'seed' ? 'SEED' : 'MODEL') };
  if (run.node.resource_type === 'model' && run.node.language === 'sql') facets.sql = facet('SQLJobFacet', '1-1-0', { query: run.node.compiled_code });
  return { namespace: run.parent.job.namespace, name: run.node.unique_id, facets };
}

export function nodeStartEvent(run: NodeRun, eventTime: string): RunEventJson {
  return {
    eventType: 'START',
    eventTime,
    run: { runId: run.runId, facets: { parent: parentFacet(run.parent) } },
    job: nodeJob(run),
    inputs: inputDatasets(run.node, run.datasets),
    outputs: [outputDataset(run.node, run.datasets)],
    producer: PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA,
  };
}

/** COMPLETE for success/warn, FAIL (with the engine's message) for error and partial success. */
export function nodeEndEvent(run: NodeRun, result: NodeResult, eventTime: string): RunEventJson {
  const failed = result.status !== 'success' && result.status !== 'warn' && result.status !== 'pass';
  const output = outputDataset(run.node, run.datasets, failed ? undefined : run.columnLineage);
  const rows = result.adapter_response.rows_affected;
  if (!failed && typeof rows === 'number') output.outputFacets = { outputStatistics: facet('OutputStatisticsOutputDatasetFacet', '1-0-2', { rowCount: rows }) };
  const facets: Record<string, unknown> = { parent: parentFacet(run.parent) };
  if (failed) facets.errorMessage = errorFacet(result.message ?? result.status);
  return {
    eventType: failed ? 'FAIL' : 'COMPLETE',
    eventTime,
    run: { runId: run.runId, facets },
    job: nodeJob(run),
    inputs: inputDatasets(run.node, run.datasets),
    outputs: [output],
    producer: PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA,
  };
}
