// Freshness criteria in dbt's YAML shape, and the pure verdict: given the newest loaded_at and "now",
// pass / warn / error. Kept free of I/O so the thresholds are unit-tested without a warehouse.
import { ProjectError } from '../errors.js';
import type { SourceNode } from '../manifest.js';

export type Period = 'minute' | 'hour' | 'day';
export interface Threshold {
  count: number;
  period: Period;
}
export interface FreshnessCriteria {
  warn_after?: Threshold;
  error_after?: Threshold;
  filter?: string;
}
export type FreshnessStatus = 'pass' | 'warn' | 'error' | 'runtime error';

const SECONDS: Record<Period, number> = { minute: 60, hour: 3600, day: 86400 };

function threshold(value: unknown, where: string, key: string): Threshold | undefined {
  if (value === null || value === undefined) return undefined;
  const t = value as { count?: unknown; period?: unknown };
  // dbt treats a threshold with a null count as unset (how a table turns off one inherited level).
  if (t.count === null || t.count === undefined) return undefined;
  if (typeof t.count !== 'number' || t.count <= 0 || !['minute', 'hour', 'day'].includes(String(t.period))) {
    throw new ProjectError(`${where}: freshness.${key} must be {count: <positive number>, period: minute|hour|day}, got ${JSON.stringify(value)}`, {
      hint: `e.g. ${key}: {count: 12, period: hour}`,
    });
  }
  return { count: t.count, period: t.period as Period };
}

/** The source's criteria, or undefined when it has no freshness, no thresholds or no loaded_at_field. */
export function criteriaOf(source: SourceNode): FreshnessCriteria | undefined {
  const raw = source.freshness as Record<string, unknown> | undefined;
  if (!raw || typeof raw !== 'object') return undefined;
  const where = `${source.original_file_path} (source ${source.source_name}.${source.name})`;
  const criteria: FreshnessCriteria = {
    warn_after: threshold(raw.warn_after, where, 'warn_after'),
    error_after: threshold(raw.error_after, where, 'error_after'),
    ...(typeof raw.filter === 'string' && raw.filter.trim() ? { filter: raw.filter } : {}),
  };
  if (!criteria.warn_after && !criteria.error_after) return undefined;
  if (!source.loaded_at_field) {
    throw new ProjectError(`${where} declares freshness but no loaded_at_field`, {
      hint: 'Add `loaded_at_field: <timestamp column>` to the source or the table (e.g. _synced_at).',
    });
  }
  return criteria;
}

export const seconds = (t: Threshold): number => t.count * SECONDS[t.period];

/** dbt's verdict: error beyond error_after, else warn beyond warn_after, else pass. No rows at all is an error-level staleness. */
export function verdict(ageSeconds: number | null, criteria: FreshnessCriteria): Exclude<FreshnessStatus, 'runtime error'> {
  if (ageSeconds === null) return criteria.error_after ? 'error' : 'warn';
  if (criteria.error_after && ageSeconds > seconds(criteria.error_after)) return 'error';
  if (criteria.warn_after && ageSeconds > seconds(criteria.warn_after)) return 'warn';
  return 'pass';
}
