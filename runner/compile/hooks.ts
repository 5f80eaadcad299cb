// pre-hook / post-hook: SQL a model or seed runs before and after it is built (a grant, a COPY of {{ this }}
// to Parquet, an index). As in dbt, hooks accumulate across config levels (project folders, YAML, config())
// instead of replacing each other, and each is rendered in its node's context (`{{ this }}` is the node).
export type HookWhen = 'pre' | 'post';

const CANONICAL: Record<string, string> = { 'pre-hook': 'pre-hook', pre_hook: 'pre-hook', 'post-hook': 'post-hook', post_hook: 'post-hook' };

/** 'pre-hook' for pre_hook / pre-hook (and post), else undefined: the key config merging accumulates. */
export const hookKey = (key: string): string | undefined => CANONICAL[key];

/** A hook config value as a list: a string, a list of strings, or dbt's `{sql: ..., transaction: ...}`. */
export function hookList(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value.filter((hook) => hook !== null && hook !== '') : [value];
}

/** The SQL texts of a node's hooks, in the order they run. */
export function hookTexts(config: Record<string, unknown>, when: HookWhen): string[] {
  return hookList(config[`${when}-hook`])
    .map((hook) => (hook && typeof hook === 'object' ? String((hook as { sql?: unknown }).sql ?? '') : String(hook)))
    .filter((sql) => sql.trim() !== '');
}
