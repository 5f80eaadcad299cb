// Runs the freshness query of each selected source: max(loaded_at_field) (optionally filtered), compared
// with the clock of this process. Naive timestamps are read as UTC (dbt's convention). Failures are data.
import type { Warehouse } from '../adapters/adapter.js';
import type { Manifest, SourceNode } from '../manifest.js';
import { criteriaOf, verdict, type FreshnessCriteria, type FreshnessStatus } from './criteria.js';

export interface FreshnessResult {
  unique_id: string;
  max_loaded_at: string | null;
  snapshotted_at: string;
  max_loaded_at_time_ago_in_s: number | null;
  status: FreshnessStatus;
  criteria: FreshnessCriteria;
  adapter_response: Record<string, unknown>;
  timing: { name: string; started_at: string; completed_at: string }[];
  thread_id: string;
  execution_time: number;
  /** Present when status is 'runtime error'. */
  error?: string;
}

export function freshnessSql(source: SourceNode, quote: (name: string) => string, relation: string, criteria: FreshnessCriteria): string {
  const column = /^[A-Za-z_][A-Za-z0-9_]*$/.test(source.loaded_at_field!) ? quote(source.loaded_at_field!) : source.loaded_at_field!;
  return `select max(${column}) as max_loaded_at from ${relation}${criteria.filter ? ` where ${criteria.filter}` : ''}`;
}

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  // A naive 'YYYY-MM-DD HH:MM:SS' is UTC, as dbt reads it.
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Sources among `ids` that declare freshness, in the given order. */
export function monitoredSources(manifest: Manifest, ids: Iterable<string>): Array<[SourceNode, FreshnessCriteria]> {
  const out: Array<[SourceNode, FreshnessCriteria]> = [];
  for (const id of ids) {
    const source = manifest.sources[id];
    const criteria = source && criteriaOf(source);
    if (source && criteria) out.push([source, criteria]);
  }
  return out;
}

export async function checkFreshness(
  warehouse: Warehouse,
  sources: Array<[SourceNode, FreshnessCriteria]>,
  options: { now?: () => Date; onResult?: (result: FreshnessResult, source: SourceNode, index: number) => void } = {},
): Promise<FreshnessResult[]> {
  const now = options.now ?? (() => new Date());
  const results: FreshnessResult[] = [];
  for (const [index, [source, criteria]] of sources.entries()) {
    const started = new Date();
    const t = performance.now();
    let result: FreshnessResult;
    const connection = await warehouse.acquire();
    try {
      const sql = freshnessSql(source, (n) => warehouse.dialect.quoteIdentifier(n), source.relation_name ?? warehouse.dialect.renderRelation(source.relation), criteria);
      const row = (await connection.execute(sql)).rows[0] ?? {};
      const max = toDate(row.max_loaded_at ?? Object.values(row)[0]);
      const snapshotted = now();
      const age = max ? Math.max(0, (snapshotted.getTime() - max.getTime()) / 1000) : null;
      result = base(source, criteria, started, t, { max_loaded_at: max?.toISOString() ?? null, snapshotted_at: snapshotted.toISOString(), max_loaded_at_time_ago_in_s: age, status: verdict(age, criteria) });
    } catch (error) {
      result = base(source, criteria, started, t, { max_loaded_at: null, snapshotted_at: now().toISOString(), max_loaded_at_time_ago_in_s: null, status: 'runtime error', error: error instanceof Error ? error.message : String(error) });
    } finally {
      warehouse.release(connection);
    }
    results.push(result);
    options.onResult?.(result, source, index + 1);
  }
  return results;
}

function base(source: SourceNode, criteria: FreshnessCriteria, started: Date, t: number, rest: Pick<FreshnessResult, 'max_loaded_at' | 'snapshotted_at' | 'max_loaded_at_time_ago_in_s' | 'status' | 'error'>): FreshnessResult {
  return {
    unique_id: source.unique_id,
    ...rest,
    criteria,
    adapter_response: {},
    timing: [{ name: 'execute', started_at: started.toISOString(), completed_at: new Date().toISOString() }],
    thread_id: 'Thread-1',
    execution_time: (performance.now() - t) / 1000,
  };
}
