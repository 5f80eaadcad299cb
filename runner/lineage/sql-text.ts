// Star modifiers the parser's lineage does not honour yet (it keeps EXCLUDEd columns, 0.12.1): a model using
// them is reported unresolved rather than given a wrong answer. Literals and comments are blanked first so a
// string like '* exclude' does not trip the check.
const MODIFIER = /\*\s*(exclude|replace|rename|ilike)\b|\bcolumns\s*\(/i;

export function blankLiteralsAndComments(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\//g, (m) => ' '.repeat(m.length));
}

export function unsupportedStarModifier(sql: string): string | undefined {
  if (!MODIFIER.test(sql)) return undefined;
  const match = MODIFIER.exec(blankLiteralsAndComments(sql));
  return match ? match[0].replace(/\s+/g, ' ').trim() : undefined;
}
