// Snowflake runs one statement per request unless MULTI_STATEMENT_COUNT is raised, and a multi-statement
// request reports only the last result. Like dbt-snowflake we split client-side and run the pieces in order
// on one session. The scanner skips ';' inside '…' (with '' and \' escapes), "…", $$…$$, -- and /* */.

export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const n = sql.length;
  const skipTo = (close: string, from: number): number => {
    const end = sql.indexOf(close, from);
    return end === -1 ? n : end + close.length;
  };
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "'") {
      i++;
      while (i < n && sql[i] !== "'") i += sql[i] === '\\' ? 2 : 1;
      i++;
      if (sql[i] === "'") continue; // '' escape: the scan re-enters the string
    } else if (c === '"') {
      i = skipTo('"', i + 1);
    } else if (c === '$' && next === '$') {
      i = skipTo('$$', i + 2);
    } else if (c === '-' && next === '-') {
      i = skipTo('\n', i + 2);
    } else if (c === '/' && next === '*') {
      i = skipTo('*/', i + 2);
    } else if (c === ';') {
      statements.push(sql.slice(start, i));
      i++;
      start = i;
    } else {
      i++;
    }
  }
  statements.push(sql.slice(start));
  return statements.map((s) => s.trim()).filter((s) => s !== '' && !isOnlyComments(s));
}

function isOnlyComments(statement: string): boolean {
  return statement.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim() === '';
}
