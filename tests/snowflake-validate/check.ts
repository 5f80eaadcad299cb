// Offline checks of Snowflake SQL text: syntax with @polyglot-sql/sdk (syntax only, reference §6) and every
// called function against runner/adapters/snowflake/functions.txt (Snowflake's documented functions), so a
// DuckDB-only function such as list_value or epoch_ms cannot reach a Snowflake build.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as polyglot from '@polyglot-sql/sdk';

interface Token {
  token_type: string;
  text: string;
  span: { line: number; column: number };
}

export interface Problem {
  kind: 'syntax' | 'function';
  message: string;
  line?: number;
  column?: number;
}

const FUNCTIONS_FILE = join(import.meta.dirname, '../../runner/adapters/snowflake/functions.txt');

export const snowflakeFunctions: ReadonlySet<string> = new Set(
  readFileSync(FUNCTIONS_FILE, 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l !== '' && !l.startsWith('#')),
);

/** Words followed by '(' that are syntax, not function calls. */
const NOT_CALLS = new Set([
  'all', 'and', 'any', 'as', 'by', 'exists', 'from', 'group', 'in', 'into', 'join', 'not', 'on', 'or', 'over',
  'select', 'some', 'table', 'then', 'using', 'values', 'view', 'when', 'else', 'where', 'with', 'within',
  'lateral', 'recursive', 'template', 'returns', 'set', 'unique', 'key', 'partition', 'format', 'file_format',
  'copy_options', 'cluster', 'qualify', 'having', 'if',
  // GROUP BY GROUPING SETS ((a), (b)): https://docs.snowflake.com/en/sql-reference/constructs/group-by-grouping-sets
  'sets',
]);

/** Names the tokenizer sees before '(' in type positions (`::number(38,0)`, `as decimal(18,2)`). */
const AFTER_TYPE_CONTEXT = new Set(['D_COLON', 'AS', 'DOT', 'INTO', 'TABLE', 'VIEW', 'USING', 'WITH']);

/** Documented Snowflake statements polyglot 0.12.1 rejects (false errors): their syntax is not checked. */
const SYNTAX_ALLOWLIST: RegExp[] = [
  // https://docs.snowflake.com/en/sql-reference/sql/grant-privilege: `on all|future <objects> in database|schema`
  /^grant\s+[\w\s,]+\s+on\s+(all|future)\s+(schemas|tables|views)\s+in\s+(database|schema)\s/i,
  // reference §6: `show grants on <object>` is a false error
  /^show\s+grants\s+on\s/i,
];

let ready: Promise<void> | undefined;
export function initPolyglot(): Promise<void> {
  const init = (polyglot as { init?: () => Promise<void> }).init;
  ready ??= init ? init() : Promise.resolve();
  return ready;
}

/** Function names a statement calls, lower-cased, with the position of each first call. */
export function calledFunctions(sql: string): Map<string, { line: number; column: number }> {
  const result = polyglot.tokenize(sql, 'snowflake') as unknown as { success: boolean; tokens?: Token[]; error?: string };
  const calls = new Map<string, { line: number; column: number }>();
  const tokens = result.tokens ?? [];
  tokens.forEach((token, i) => {
    if (tokens[i + 1]?.token_type !== 'L_PAREN') return;
    if (!/^[A-Za-z_][A-Za-z0-9_$]*$/.test(token.text)) return;
    const name = token.text.toLowerCase();
    if (NOT_CALLS.has(name)) return;
    if (i > 0 && AFTER_TYPE_CONTEXT.has(tokens[i - 1]!.token_type)) return;
    if (!calls.has(name)) calls.set(name, { line: token.span.line, column: token.span.column - token.text.length });
  });
  return calls;
}

/** Text outside string literals, quoted identifiers and standard comments. */
const codeOnly = (sql: string): string =>
  sql.replace(/'(?:[^'\\]|''|\\.)*'|"(?:[^"]|"")*"|\$\$[\s\S]*?\$\$|--[^\n]*|\/\*[\s\S]*?\*\//g, ' ');

/** Syntax and function problems of one statement. */
export function checkStatement(sql: string): Problem[] {
  const problems: Problem[] = [];
  const allowed = SYNTAX_ALLOWLIST.some((re) => re.test(sql.trim()));
  const validation = allowed ? { errors: [] } : polyglot.validate(sql, 'snowflake');
  for (const e of validation.errors.filter((x) => x.severity === 'error')) {
    problems.push({ kind: 'syntax', message: e.message, line: e.line, column: e.column });
  }
  // DuckDB's integer division `//` starts a comment in Snowflake: the rest of the line silently vanishes.
  if (codeOnly(sql).includes('//')) problems.push({ kind: 'syntax', message: "'//' starts a comment in Snowflake (DuckDB integer division); use floor(a / b) or trunc(a / b)" });
  for (const [name, at] of calledFunctions(sql)) {
    if (!snowflakeFunctions.has(name)) problems.push({ kind: 'function', message: `${name}() is not a documented Snowflake function`, ...at });
  }
  return problems;
}
