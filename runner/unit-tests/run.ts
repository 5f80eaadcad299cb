// Running a unit test: the model over the given rows vs the expected rows, compared as multisets of text
// (each expected value cast to the type the model actually produced, so 12.5 equals DECIMAL 12.50).
// A failure carries a readable diff in its message; the run results keep it as data.
import type { TestNode, UnitTestDefinition } from '../manifest.js';
import { run, type MaterializeContext, type MaterializeOutcome } from '../run/materializations/context.js';
import { formatTable } from '../show/table.js';
import { didYouMean } from '../project/closest.js';

type TextRow = Record<string, string | null>;

/** The column as text, optionally first cast to the model's type, aliased `as`. */
const asText = (quote: (n: string) => string, column: string, as: string, type?: string) =>
  `cast(${type ? `cast(${quote(column)} as ${type})` : quote(column)} as varchar) as ${quote(as)}`;

export interface UnitDiff {
  /** Expected rows the model did not produce. */
  missing: TextRow[];
  /** Rows the model produced that were not expected. */
  unexpected: TextRow[];
}

/** Multiset difference both ways, by the rows' text. */
export function diffRows(expected: TextRow[], actual: TextRow[], columns: string[]): UnitDiff {
  const key = (row: TextRow) => JSON.stringify(columns.map((c) => row[c] ?? null));
  const counts = new Map<string, number>();
  for (const row of actual) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  const missing: TextRow[] = [];
  for (const row of expected) {
    const k = key(row);
    const left = counts.get(k) ?? 0;
    if (left > 0) counts.set(k, left - 1);
    else missing.push(row);
  }
  const unexpected: TextRow[] = [];
  for (const row of actual) {
    const k = key(row);
    const left = counts.get(k) ?? 0;
    if (left > 0) {
      unexpected.push(row);
      counts.set(k, left - 1);
    }
  }
  return { missing, unexpected };
}

export function formatDiff(diff: UnitDiff, columns: string[]): string {
  const rows = [...diff.missing.map((r) => ({ diff: '- expected', ...r })), ...diff.unexpected.map((r) => ({ diff: '+ actual', ...r }))];
  const header = `actual differs from expected: ${diff.missing.length} expected row(s) missing, ${diff.unexpected.length} unexpected row(s)`;
  return `${header}\n${formatTable([{ name: 'diff' }, ...columns.map((name) => ({ name }))], rows)}`;
}

/** actual_sql as compiled, or (`fill`) with each input's given columns cast to the relation's types and its
 * other columns added as typed nulls. */
async function actualSql(ctx: MaterializeContext, unit: UnitTestDefinition, fill: boolean): Promise<string> {
  let sql = unit.actual_sql;
  for (const input of unit.inputs ?? []) {
    let extra = '';
    if (fill && ctx.targetColumns) {
      const quote = (name: string) => ctx.dialect.quoteIdentifier(name);
      const columns = await ctx.targetColumns(input.relation);
      const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
      const given = new Set(input.columns.map((c) => c.toLowerCase()));
      // Given values take the relation's types too ('2024-01-01' is a date where the column is one).
      const typed = input.columns.filter((c) => byName.has(c.toLowerCase())).map((c) => `cast(${quote(c)} as ${byName.get(c.toLowerCase())!.dataType}) as ${quote(c)}`);
      const missing = columns.filter((c) => !given.has(c.name.toLowerCase()));
      extra = (typed.length ? ` replace (${typed.join(', ')})` : '') + missing.map((c) => `, cast(null as ${c.dataType}) as ${quote(c.name)}`).join('');
    }
    sql = sql.split(input.marker).join(extra);
  }
  return sql;
}

export async function materializeUnitTest(ctx: MaterializeContext, node: TestNode & { unit_test: UnitTestDefinition }): Promise<MaterializeOutcome> {
  const unit = node.unit_test;
  const quote = (n: string) => ctx.dialect.quoteIdentifier(n);
  // Given rows usually name only the columns a test is about. When the model needs others, dbt fills them
  // with nulls from the input relation's columns; that is asked of the target only then, so unit tests
  // whose rows suffice never open it.
  let actualQuery = await actualSql(ctx, unit, false);
  let shape;
  try {
    shape = await run(ctx, `select * from (\n${actualQuery}\n) clv_unit_actual limit 0`);
  } catch (error) {
    if (!unit.inputs?.length || !ctx.targetColumns) throw error;
    actualQuery = await actualSql(ctx, unit, true);
    shape = await run(ctx, `select * from (\n${actualQuery}\n) clv_unit_actual limit 0`);
  }
  const actualTypes = new Map(shape.columns.map((c) => [c.name.toLowerCase(), c]));
  let columns = unit.expected_columns;
  if (columns.length === 0) columns = (await run(ctx, `select * from (\n${unit.expected_sql}\n) clv_unit_expected limit 0`)).columns.map((c) => c.name);
  const unknown = columns.filter((c) => !actualTypes.has(c.toLowerCase()));
  if (unknown.length > 0) {
    const names = shape.columns.map((c) => c.name);
    const guess = didYouMean(unknown[0]!, names);
    throw new Error(`expected column(s) ${unknown.join(', ')} not in the output of ${unit.model.split('.').pop()} (columns: ${names.join(', ')}).${guess ? ` ${guess}` : ''}`);
  }
  const actualCols = columns.map((c) => actualTypes.get(c.toLowerCase())!);
  const actual = await run(ctx, `select ${actualCols.map((c) => asText(quote, c.name, c.name)).join(', ')} from (\n${actualQuery}\n) clv_unit_actual`);
  const expected = await run(ctx, `select ${columns.map((c, i) => asText(quote, c, actualCols[i]!.name, actualCols[i]!.dataType)).join(', ')} from (\n${unit.expected_sql}\n) clv_unit_expected`);
  const names = actualCols.map((c) => c.name);
  const diff = diffRows(expected.rows as TextRow[], actual.rows as TextRow[], names);
  const failures = diff.missing.length + diff.unexpected.length;
  if (failures === 0) return { status: 'pass', message: 'PASS', failures: 0 };
  return { status: 'fail', message: formatDiff(diff, names), failures };
}
