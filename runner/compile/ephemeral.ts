// Ephemeral models are inlined as CTEs named `__dbt__cte__<name>` (dbt's spelling), prepended to the
// query that refs them. Ephemerals of ephemerals are flattened into the same `with`, dependencies first.

export interface Cte {
  name: string;
  sql: string;
}

export function cteName(modelName: string): string {
  return `__dbt__cte__${modelName}`;
}

/** Strip trailing semicolons so a body can sit inside `name as (...)`. */
export function cteBody(sql: string): string {
  return sql.trim().replace(/;+\s*$/, '');
}

/** Insert CTEs into `sql`: after its leading `with` (or `with recursive`) if it has one, else add one. */
export function injectCtes(sql: string, ctes: Cte[]): string {
  if (ctes.length === 0) return sql;
  const definitions = ctes.map((cte) => `${cte.name} as (\n${cte.sql}\n)`).join(',\n');
  const lead = leadingTrivia(sql);
  const rest = sql.slice(lead.length);
  const withMatch = /^with(\s+recursive)?\b/i.exec(rest);
  if (withMatch) return `${lead}${withMatch[0]} ${definitions},\n${rest.slice(withMatch[0].length).replace(/^\s+/, '')}`;
  return `${lead}with ${definitions}\n${rest}`;
}

/** Whitespace and SQL comments before the first statement keyword. */
function leadingTrivia(sql: string): string {
  const match = /^(\s|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/.exec(sql);
  return match ? match[0] : '';
}
