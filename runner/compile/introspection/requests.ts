// What a template asks the warehouse while compiling (run_query, statement, adapter.get_relation, ...), and
// the answers the runner brings back. Plain data: compile records requests without doing I/O; the runner
// answers them on the node's connection right before it runs, then renders the node again with them
// (runner/run/introspect.ts). Answers belong to one invocation and are never cached.
import type { IntrospectionMarker, IntrospectionRequest } from '../../manifest.js';
import { stableJson } from '../hash.js';

export type { IntrospectionRequest, IntrospectionMarker };

export interface AnswerColumn {
  name: string;
  /** Engine type as the engine spells it (VARCHAR, NUMBER(38,0), DECIMAL(18,2)...). */
  dataType: string;
}

export type Answer =
  | { kind: 'query'; columns: AnswerColumn[]; rows: unknown[][] }
  | { kind: 'relation'; type: 'table' | 'view' | null }
  | { kind: 'columns'; columns: AnswerColumn[] }
  /** The warehouse refused the request (a missing table, bad SQL): an error only if the final render needs it. */
  | { kind: 'error'; message: string };

/** requestKey(request) -> answer. */
export type Answers = ReadonlyMap<string, Answer>;

export const NO_ANSWERS: Answers = new Map();

export function requestKey(request: IntrospectionRequest): string {
  return stableJson(request);
}

/** A short one-line description of a request, for logs and errors (never any credential: SQL text only). */
export function describeRequest(request: IntrospectionRequest): string {
  if (request.kind === 'query') return `query: ${request.sql.trim().replace(/\s+/g, ' ').slice(0, 300)}`;
  const { database, schema, identifier } = request.relation;
  const name = [database, schema, identifier].filter(Boolean).join('.');
  return request.kind === 'relation' ? `adapter.get_relation(${name})` : `adapter.get_columns_in_relation(${name})`;
}
