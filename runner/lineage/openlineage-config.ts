// Where OpenLineage events of a run go, from flags and the environment variables the OpenLineage clients
// (openlineage-python, dbt-ol) read, so a CI job already configured for them needs nothing more.
// The API key is kept only here and in the HTTP transport's request headers: never printed.

export interface OpenLineageConfig {
  /** JSON lines file the events are appended to. */
  file?: string;
  /** Base URL of the OpenLineage HTTP API (Marquez, DataHub, ...). */
  url?: string;
  /** Path under `url` events are POSTed to; the clients' default is api/v1/lineage. */
  endpoint: string;
  /** Sent as `Authorization: Bearer <apiKey>`. A secret. */
  apiKey?: string;
  /** Job namespace; default: the project name. */
  namespace?: string;
  /** Per-request timeout (the clients default to 5 s; a build should not wait that long per event). */
  timeoutMs: number;
  /** How long the end of the run waits for events still in flight. */
  flushTimeoutMs: number;
  /** Events waiting to be sent beyond this are dropped (and counted in the warning), never buffered unbounded. */
  maxQueue: number;
}

export interface OpenLineageFlags {
  openlineageFile?: string;
  openlineageUrl?: string;
}

const DEFAULT_ENDPOINT = 'api/v1/lineage';
const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim());

/** The config for a run, or undefined when no transport is configured (or OPENLINEAGE_DISABLED=true). */
export function openLineageConfig(flags: OpenLineageFlags, env: NodeJS.ProcessEnv = process.env): OpenLineageConfig | undefined {
  if (/^(true|1)$/i.test(env.OPENLINEAGE_DISABLED ?? '')) return undefined;
  const file = nonEmpty(flags.openlineageFile);
  const url = nonEmpty(flags.openlineageUrl) ?? nonEmpty(env.OPENLINEAGE_URL);
  if (!file && !url) return undefined;
  return {
    ...(file ? { file } : {}),
    ...(url ? { url } : {}),
    endpoint: nonEmpty(env.OPENLINEAGE_ENDPOINT) ?? DEFAULT_ENDPOINT,
    ...(nonEmpty(env.OPENLINEAGE_API_KEY) ? { apiKey: nonEmpty(env.OPENLINEAGE_API_KEY) } : {}),
    ...(nonEmpty(env.OPENLINEAGE_NAMESPACE) ? { namespace: nonEmpty(env.OPENLINEAGE_NAMESPACE) } : {}),
    timeoutMs: 2000,
    flushTimeoutMs: 5000,
    maxQueue: 10_000,
  };
}

/** `<url>/<endpoint>` without doubled or missing slashes. */
export function lineageEndpoint(config: Pick<OpenLineageConfig, 'url' | 'endpoint'>): string {
  return `${config.url!.replace(/\/+$/, '')}/${config.endpoint.replace(/^\/+/, '')}`;
}

/** A URL safe to print: user:password@ and the query string (tokens hide there) are dropped. */
export function printableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '<invalid OpenLineage URL>';
  }
}
