// dbt-style console lines, pure: event in, text out. The logger decides time stamps, colour and sinks.
import type { ExecutableNode } from '../manifest.js';
import { resourceKind } from '../plan/resource-kind.js';
import type { NodeResult, RunResults } from '../run/types.js';

const WIDTH = 72;
export type Tone = 'ok' | 'error' | 'warn' | 'skip' | 'plain';

export interface Line {
  text: string;
  tone: Tone;
}

/** `1 of 12 START sql view model main.stg_orders ....... [RUN]`: the status bracket starts at a fixed
 * column (as in dbt) so START and OK lines of the same node line up. */
function dotted(left: string, right: string): string {
  const dots = Math.max(3, WIDTH - left.length - 2);
  return `${left} ${'.'.repeat(dots)} ${right}`;
}

function relationLabel(node: ExecutableNode): string {
  return `${node.relation.schema}.${node.relation.identifier}`;
}

function describeNode(node: ExecutableNode): string {
  if (node.resource_type === 'test') return `test ${node.name}`;
  if (node.resource_type === 'seed') return `seed file ${relationLabel(node)}`;
  if (resourceKind(node) === 'snapshot') return `snapshot ${relationLabel(node)}`;
  const kind = node.config.materialized === 'incremental' ? 'incremental' : node.config.materialized;
  return `${node.language === 'typescript' ? 'typescript' : 'sql'} ${kind} model ${relationLabel(node)}`; // clv: TypeScript models
}

export function startLine(index: number, total: number, node: ExecutableNode): Line {
  return { text: dotted(`${index} of ${total} START ${describeNode(node)}`, '[RUN]'), tone: 'plain' };
}

const seconds = (r: NodeResult): string => `${r.execution_time.toFixed(2)}s`;

export function finishLine(index: number, total: number, node: ExecutableNode, r: NodeResult): Line {
  const n = `${index} of ${total}`;
  switch (r.status) {
    case 'success': {
      const kind = resourceKind(node);
      const verb = kind === 'seed' ? 'loaded' : kind === 'snapshot' ? 'snapshotted' : 'created';
      const info = kind === 'seed' || kind === 'snapshot' ? r.message ?? 'OK' : 'OK';
      const what = kind === 'snapshot' ? relationLabel(node) : describeNode(node);
      return { text: dotted(`${n} OK ${verb} ${what}`, `[${info} in ${seconds(r)}]`), tone: 'ok' };
    }
    case 'pass':
      return { text: dotted(`${n} PASS ${node.name}`, `[PASS in ${seconds(r)}]`), tone: 'ok' };
    case 'warn':
      return { text: dotted(`${n} WARN ${r.failures ?? ''} ${node.name}`.replace('  ', ' '), `[WARN ${r.failures ?? ''} in ${seconds(r)}]`), tone: 'warn' };
    case 'fail':
      return { text: dotted(`${n} FAIL ${r.failures ?? ''} ${node.name}`, `[FAIL ${r.failures ?? ''} in ${seconds(r)}]`), tone: 'error' };
    case 'error':
      return { text: dotted(`${n} ERROR creating ${describeNode(node)}`, `[ERROR in ${seconds(r)}]`), tone: 'error' };
    case 'partial success': {
      const batches = r.batch_results ? ` (${r.batch_results.successful.length}/${r.batch_results.successful.length + r.batch_results.failed.length} batches)` : '';
      return { text: dotted(`${n} PARTIAL SUCCESS${batches} creating ${describeNode(node)}`, `[PARTIAL SUCCESS in ${seconds(r)}]`), tone: 'error' };
    }
    case 'skipped':
      return { text: dotted(`${n} SKIP ${node.resource_type === 'test' ? `test ${node.name}` : `relation ${relationLabel(node)}`}`, '[SKIP]'), tone: 'warn' };
  }
}

export interface Summary {
  pass: number;
  warn: number;
  error: number;
  skip: number;
  total: number;
}

export function summarize(results: NodeResult[]): Summary {
  const s: Summary = { pass: 0, warn: 0, error: 0, skip: 0, total: results.length };
  for (const r of results) {
    if (r.status === 'success' || r.status === 'pass') s.pass++;
    else if (r.status === 'warn') s.warn++;
    else if (r.status === 'skipped') s.skip++;
    else s.error++;
  }
  return s;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `3 view models, 1 seed, 12 data tests` in the order dbt prints them. */
function countsByKind(nodes: ExecutableNode[]): string {
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const resource = resourceKind(node);
    const kind = resource === 'model' ? `${node.config.materialized} model` : resource === 'test' ? 'data test' : resource;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, n]) => plural(n, kind)).join(', ') || 'nothing';
}

/** The closing block: Finished line, failure details, Done line. */
export function finishBlock(run: RunResults, nodes: Record<string, ExecutableNode>): Line[] {
  const ran = run.results.map((r) => nodes[r.unique_id]!).filter(Boolean);
  const lines: Line[] = [
    { text: '', tone: 'plain' },
    { text: `Finished running ${countsByKind(ran)} in ${run.elapsed_time.toFixed(2)}s.`, tone: 'plain' },
  ];
  const s = summarize(run.results);
  const problems = run.results.filter((r) => r.status === 'error' || r.status === 'fail' || r.status === 'warn' || r.status === 'partial success');
  if (problems.length > 0) {
    lines.push({ text: '', tone: 'plain' });
    lines.push({
      text: `Completed with ${plural(s.error, 'error')} and ${plural(s.warn, 'warning')}:`,
      tone: s.error > 0 ? 'error' : 'warn',
    });
    for (const r of problems) {
      const node = nodes[r.unique_id]!;
      const label = r.status === 'warn' ? 'Warning' : r.status === 'fail' ? 'Failure' : r.status === 'partial success' ? 'Partial success' : 'Error';
      lines.push({ text: '', tone: 'plain' });
      lines.push({ text: `${label} in ${node.resource_type} ${node.name} (${node.original_file_path})`, tone: r.status === 'warn' ? 'warn' : 'error' });
      for (const messageLine of (r.message ?? '').split('\n')) lines.push({ text: `  ${messageLine}`, tone: 'plain' });
      if (r.compiled_path) lines.push({ text: `  compiled code at ${r.compiled_path}`, tone: 'plain' });
    }
  } else {
    lines.push({ text: '', tone: 'plain' }, { text: 'Completed successfully', tone: 'ok' });
  }
  lines.push({ text: '', tone: 'plain' });
  lines.push({ text: `Done. PASS=${s.pass} WARN=${s.warn} ERROR=${s.error} SKIP=${s.skip} TOTAL=${s.total}`, tone: 'plain' });
  return lines;
}
