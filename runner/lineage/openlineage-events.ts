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
  /** Job namespace of the node's job. */
  namespace: string;
  /** The invocation that ran the node; absent for lineage read from compiled SQL alone (`clv lineage`). */
  parent?: InvocationRun;
  datasets: DatasetContext;
  /** column -> upstream column paths, when the model's column lineage is known. */
  columnLineage?: Record<string, string[]>;
}

function nodeJob(run: NodeRun): RunEventJson['job'] {
  const facets: Record<string, unknown> = { jobType: jobType(run.node.resource_type === 'seed' ? 'SEED' : 'MODEL') };
  if (run.node.resource_type === 'model' && run.node.language === 'sql') facets.sql = facet('SQLJobFacet', '1-1-0', { query: run.node.compiled_code });
  return { namespace: run.namespace, name: run.node.unique_id, facets };
}

const runFacets = (run: NodeRun): Record<string, unknown> => (run.parent ? { parent: parentFacet(run.parent) } : {});

export function nodeStartEvent(run: NodeRun, eventTime: string): RunEventJson {
  return {
    eventType: 'START',
    eventTime,
    run: { runId: run.runId, facets: runFacets(run) },
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
  return failed ? nodeFailEvent(run, result.message ?? result.status, eventTime) : nodeCompleteEvent(run, eventTime, result.adapter_response.rows_affected);
}

/** The node's output with its column lineage (and row count, when the engine reported one). */
export function nodeCompleteEvent(run: NodeRun, eventTime: string, rowsAffected?: number): RunEventJson {
  const output = outputDataset(run.node, run.datasets, run.columnLineage);
  if (typeof rowsAffected === 'number') output.outputFacets = { outputStatistics: facet('OutputStatisticsOutputDatasetFacet', '1-0-2', { rowCount: rowsAffected }) };
  return endEvent(run, 'COMPLETE', eventTime, output, runFacets(run));
}

/** A run that started but whose end the executor never reported (the invocation itself broke off). */
export function nodeAbortEvent(run: NodeRun, eventTime: string): RunEventJson {
  return endEvent(run, 'ABORT', eventTime, outputDataset(run.node, run.datasets), runFacets(run));
}

function nodeFailEvent(run: NodeRun, message: string, eventTime: string): RunEventJson {
  return endEvent(run, 'FAIL', eventTime, outputDataset(run.node, run.datasets), { ...runFacets(run), errorMessage: errorFacet(message) });
}

function endEvent(run: NodeRun, eventType: EventType, eventTime: string, output: Dataset, facets: Record<string, unknown>): RunEventJson {
  return {
    eventType,
    eventTime,
    run: { runId: run.runId, facets },
    job: nodeJob(run),
    inputs: inputDatasets(run.node, run.datasets),
    outputs: [output],
    producer: PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA,
  };
}
