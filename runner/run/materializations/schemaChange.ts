// on_schema_change for incremental models: compare the new batch's columns with the target's.
import type { Column } from '../../adapters/adapter.js';
import type { OnSchemaChange } from '../../manifest.js';

export interface SchemaDiff {
  added: Column[];
  missing: Column[];
}

const lower = (c: Column): string => c.name.toLowerCase();

export function diffColumns(target: Column[], batch: Column[]): SchemaDiff {
  const targetNames = new Set(target.map(lower));
  const batchNames = new Set(batch.map(lower));
  return {
    added: batch.filter((c) => !targetNames.has(lower(c))),
    missing: target.filter((c) => !batchNames.has(lower(c))),
  };
}

/** Columns written into the target, after the policy has added any new ones. */
export function columnsToWrite(target: Column[], batch: Column[], policy: OnSchemaChange): string[] {
  const batchNames = new Set(batch.map(lower));
  const kept = target.filter((c) => batchNames.has(lower(c))).map((c) => c.name);
  if (policy === 'append_new_columns' || policy === 'sync_all_columns') {
    return [...kept, ...diffColumns(target, batch).added.map((c) => c.name)];
  }
  return kept;
}

export function schemaChangeError(modelName: string, diff: SchemaDiff): string {
  const names = (cs: Column[]): string => (cs.length ? cs.map((c) => `${c.name} ${c.dataType}`).join(', ') : 'none');
  return (
    `The columns of incremental model '${modelName}' changed and on_schema_change is 'fail'.\n` +
    `  New columns in the model: ${names(diff.added)}\n` +
    `  Columns missing from the model: ${names(diff.missing)}\n` +
    `  Rebuild it with --full-refresh, or set on_schema_change to 'append_new_columns' or 'ignore'.`
  );
}
