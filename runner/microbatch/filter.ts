// Narrows a microbatch model's inputs to one batch, dbt's way: every ref/source whose config declares
// `event_time` reads as `(select * from <relation> where <event_time> >= start and <event_time> < end)`.
// Compile stays pure and renders once: refs are already spelled as their relation text, so the runner
// swaps that exact text per batch (outside string literals and comments). Inputs without event_time are
// read whole, as in dbt.
import type { Dialect } from '../adapters/adapter.js';
import type { Manifest, ModelNode } from '../manifest.js';
import { sqlTimestamp } from './time.js';
import type { Batch } from './types.js';

export interface FilteredInput {
  /** The relation text compile rendered for the ref/source. */
  relationText: string;
  identifier: string;
  eventTime: string;
}

export const timestampLiteral = (isoText: string): string => `cast('${sqlTimestamp(isoText)}' as timestamp)`;

export function windowPredicate(column: string, batch: Batch): string {
  return `${column} >= ${timestampLiteral(batch.start)} and ${column} < ${timestampLiteral(batch.end)}`;
}

/** The model's upstream refs/sources that declare `event_time` (dbt filters exactly these). */
export function filteredInputs(node: ModelNode, manifest: Manifest | undefined, dialect: Dialect): FilteredInput[] {
  if (!manifest) return [];
  const inputs: FilteredInput[] = [];
  for (const id of node.depends_on.nodes) {
    const upstream = manifest.nodes[id] ?? manifest.sources[id];
    const eventTime = upstream?.config.event_time;
    if (!upstream || upstream.resource_type === 'test' || typeof eventTime !== 'string' || !eventTime.trim()) continue;
    if (upstream.resource_type === 'model' && upstream.config.materialized === 'ephemeral') continue; // inlined as a CTE
    inputs.push({ relationText: dialect.renderRelation(upstream.relation), identifier: upstream.relation.identifier, eventTime: eventTime.trim() });
  }
  return inputs;
}

// A from-item followed by one of these has no alias of its own: the filtered subquery gets one so
// `relation.column` references keep resolving.
const NOT_AN_ALIAS = new Set(['where', 'join', 'inner', 'left', 'right', 'full', 'cross', 'natural', 'on', 'using', 'group', 'order',
  'limit', 'union', 'except', 'intersect', 'qualify', 'having', 'window', 'lateral', 'asof', 'positional', 'semi', 'anti', 'offset', 'fetch', 'pivot', 'unpivot', 'sample', 'tablesample']);

function hasAlias(rest: string): boolean {
  const word = /^\s+([A-Za-z_][A-Za-z0-9_$]*|"[^"]*")/.exec(rest);
  if (!word) return false;
  return !NOT_AN_ALIAS.has(word[1]!.toLowerCase());
}

const simpleName = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`);

/** `sql` with each filtered input replaced by its batch-window subquery. */
export function windowedSql(sql: string, inputs: FilteredInput[], batch: Batch): string {
  if (inputs.length === 0) return sql;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const skipped = skipLiteralOrComment(sql, i);
    if (skipped > i) { out += sql.slice(i, skipped); i = skipped; continue; }
    const input = inputs.find((x) => sql.startsWith(x.relationText, i));
    if (!input) { out += sql[i]; i++; continue; }
    const after = i + input.relationText.length;
    const subquery = `(select * from ${input.relationText} where ${windowPredicate(input.eventTime, batch)})`;
    out += hasAlias(sql.slice(after, after + 80)) ? subquery : `${subquery} as ${simpleName(input.identifier)}`;
    i = after;
  }
  return out;
}

/** End of the string literal or comment starting at `i`, or `i` when none starts there. */
function skipLiteralOrComment(sql: string, i: number): number {
  if (sql[i] === "'") {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
      else if (sql[j] === "'") return j + 1;
      else j++;
    }
    return sql.length;
  }
  if (sql.startsWith('--', i)) {
    const nl = sql.indexOf('\n', i);
    return nl < 0 ? sql.length : nl;
  }
  if (sql.startsWith('/*', i)) {
    const close = sql.indexOf('*/', i + 2);
    return close < 0 ? sql.length : close + 2;
  }
  return i;
}
