// Reusing the previous build's fits (a `_`-prefixed file is a module, not a DAG node). A fit node keeps a
// hash of its exact input beside each fit; the next build reads its own table (ctx.this): the same hash
// means the same data, so the stored fit is the answer and no optimiser runs; a different hash still
// starts the optimiser at the stored optimum (a warm start), which an incremental build's slightly
// changed data moves only a little, so it converges in a few iterations instead of from ln θ = 0.
import { createHash } from 'node:crypto';
import type { ModelColumns, ModelContext, ModelRow } from '../../runner/typescript-model.js';

/** The listed columns as text, one line per row (rows in a fixed order: read them with `order by`): what
 * inputHash hashes. Built once when several fits of the same rows are hashed with different settings. The
 * text of a value is String(value), as it was when the models read row objects, so stored hashes still match. */
export function inputText(data: ModelColumns, columns: readonly string[]): string {
  const values = columns.map((name) => {
    const column = data.columns[name];
    if (!column) throw new Error(`column '${name}' is not in the query's answer (columns: ${data.names.join(', ')})`);
    return column;
  });
  const lines = new Array<string>(data.length);
  for (let i = 0; i < data.length; i++) {
    let line = String(values[0]![i]);
    for (let j = 1; j < values.length; j++) line += `,${String(values[j]![i])}`;
    lines[i] = line;
  }
  return data.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** sha256 over the settings and the rows' text (inputText); the same digest as hashing them line by line. */
export function inputHash(text: string, settings: unknown): string {
  return createHash('sha256').update(JSON.stringify(settings)).update('\n').update(text).digest('hex');
}

/** The node's previous rows keyed by `key`, or none: first build, full refresh of a dropped table, or a
 * table from before the hash column existed (the select fails; nothing to reuse, so fit from scratch). */
export async function previousRows(ctx: ModelContext, key: string, sql: string): Promise<Map<string, ModelRow>> {
  try {
    const rows = await ctx.this.query(sql);
    return new Map(rows.map((row) => [String(row[key]), row]));
  } catch {
    return new Map();
  }
}

/** Stored parameters (and the optimiser's inverse Hessian when stored) as a warm start, only from a fit
 * that converged inside its bounds. */
export function warmStart(previous: ModelRow | undefined): { start: Record<string, number>; inverseHessian?: number[][] } | undefined {
  if (!previous || !(previous.converged === true || previous.converged === 'true') || String(previous.at_bound ?? '') !== '') return undefined;
  const start = JSON.parse(String(previous.params_json)) as Record<string, number>;
  if (!Object.values(start).every((v) => Number.isFinite(v) && v > 0)) return undefined;
  const hessian = previous.inverse_hessian_json ? (JSON.parse(String(previous.inverse_hessian_json)) as number[][]) : undefined;
  return hessian ? { start, inverseHessian: hessian } : { start };
}
