// Rendering a node whose template may read the warehouse: shared by compile (no answers) and the runner's
// render with answers (rerender.ts).
import type { IntrospectionMarker } from '../../manifest.js';
import type { RenderInput, RenderOutput } from '../jinja/context.js';
import { requestKey } from './requests.js';

/**
 * `render(input)`, and when that failed after using a stand-in answer (deferredError), the render dbt's parse
 * phase would do (`execute` false) for the code, refs and config, keeping the requests of both. When that
 * fails too (Nunjucks is stricter than Jinja with undefined values: `{} ['x'] | join` throws), the node keeps
 * what the first render recorded up to the failure and the error waits for the render with answers.
 */
export function renderAllowingStandIns(render: (input: RenderInput) => RenderOutput, input: RenderInput): RenderOutput {
  const out = render(input);
  if (out.deferredError === undefined) return out;
  const parsed = render({ ...input, execute: false });
  const base = parsed.deferredError === undefined ? parsed : out;
  return { ...base, requests: mergeRequests(out.requests, parsed.requests), answerErrors: [...(out.answerErrors ?? []), ...(parsed.answerErrors ?? [])], deferredError: out.deferredError };
}

export function mergeRequests(...lists: (RenderOutput['requests'] | undefined)[]): RenderOutput['requests'] {
  const seen = new Map<string, NonNullable<RenderOutput['requests']>[number]>();
  for (const list of lists) for (const request of list ?? []) if (!seen.has(requestKey(request))) seen.set(requestKey(request), request);
  return seen.size > 0 ? [...seen.values()] : undefined;
}

/** The manifest's `introspection` field of a node rendered as `renders` (absent when it read nothing). */
export function introspectionMarker(renders: Pick<RenderOutput, 'requests' | 'deferredError'>[], finalize: (code: string) => string): { introspection?: IntrospectionMarker } {
  const requests = mergeRequests(...renders.map((render) => render.requests));
  const deferred = renders.find((render) => render.deferredError !== undefined)?.deferredError;
  if (!requests && deferred === undefined) return {};
  const readable = (requests ?? []).map((request) => (request.kind === 'query' ? { ...request, sql: finalize(request.sql).trim() } : request));
  return { introspection: { requests: readable, ...(deferred !== undefined ? { deferred_error: deferred } : {}) } };
}
