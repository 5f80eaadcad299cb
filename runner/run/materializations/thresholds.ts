// dbt's warn_if / error_if: a comparison applied to the number of failing rows, e.g. '!=0', '>10'.
// Evaluated here rather than spliced into SQL so a typo is a clear message, not an engine parse error.

const CONDITION = /^\s*(>=|<=|!=|<>|==|=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;

export type Condition = (failures: number) => boolean;

export function parseCondition(text: string, key: 'warn_if' | 'error_if'): Condition {
  const match = CONDITION.exec(text);
  if (!match) {
    throw new Error(`invalid ${key} '${text}': expected a comparison with a number such as '!=0', '>10', '>=5', '=0' or '<3'`);
  }
  const op = match[1]!;
  const n = Number(match[2]);
  switch (op) {
    case '>': return (f) => f > n;
    case '>=': return (f) => f >= n;
    case '<': return (f) => f < n;
    case '<=': return (f) => f <= n;
    case '=':
    case '==': return (f) => f === n;
    default: return (f) => f !== n;
  }
}

export interface TestVerdict {
  status: 'pass' | 'warn' | 'fail';
  message: string;
}

/** dbt's rule: with severity error, error_if decides fail, then warn_if decides warn; severity warn never fails. */
export function judge(failures: number, config: { severity?: string; warn_if?: string; error_if?: string }): TestVerdict {
  const warnIf = config.warn_if ?? '!=0';
  const errorIf = config.error_if ?? '!=0';
  const severity = (config.severity ?? 'error').toLowerCase();
  if (severity === 'error' && parseCondition(errorIf, 'error_if')(failures)) {
    return { status: 'fail', message: `Got ${failures} result${failures === 1 ? '' : 's'}, configured to fail if ${errorIf.trim()}` };
  }
  if (parseCondition(warnIf, 'warn_if')(failures)) {
    return { status: 'warn', message: `Got ${failures} result${failures === 1 ? '' : 's'}, configured to warn if ${warnIf.trim()}` };
  }
  return { status: 'pass', message: 'PASS' };
}
