// Query results shaped like the agate tables dbt hands to templates (run_query(), load_result().table), as
// far as projects touch them: `t.columns[0].values()`, `t.columns['name'].values()`, `t.rows` (iterable, each
// row indexed by position and by column name), `t.column_names`, `t | length`, `t.print_table()`.
import type { AnswerColumn } from './requests.js';
import { PyDate, PyDateTime } from '../jinja/datetime.js';

/** Marks a list whose items are also reached by name; the runtime's member lookup then lets a column named
 * `count` or `index` win over the Python list method of that name (runtime.ts). */
export const NAMED_ITEMS = Symbol.for('clv.namedItems');

/** `items` as a list that also answers `list['name']`; `missing` answers any other index or name (placeholders). */
export function namedList<T>(items: T[], names: string[], missing?: () => T): T[] {
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  return new Proxy(items, {
    get(target, prop, receiver) {
      if (prop === NAMED_ITEMS) return index;
      if (typeof prop === 'string' && prop !== 'length') {
        const at = index.get(prop);
        if (at !== undefined) return target[at];
        if (missing && !(prop in target)) return missing();
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

export interface AgateColumn {
  name: string;
  data_type: string;
  values(): unknown[];
  values_distinct(): unknown[];
  values_without_nulls(): unknown[];
  values_sorted(): unknown[];
}

export interface AgateTable {
  columns: AgateColumn[];
  column_names: string[];
  column_types: string[];
  rows: unknown[][];
  /** dbt's `len(table)` / `table | length`: the number of rows (see the `length` filter in filters.ts). */
  __len__(): number;
  print_table(): string;
}

function agateColumn(name: string, dataType: string, values: unknown[]): AgateColumn {
  const present = () => values.filter((value) => value !== null && value !== undefined);
  return {
    name,
    data_type: dataType,
    values: () => [...values],
    values_distinct: () => [...new Set(values)],
    values_without_nulls: present,
    values_sorted: () => present().sort((a, b) => (a! < b! ? -1 : a! > b! ? 1 : 0)),
  };
}

function agateRow(values: unknown[], names: string[]): unknown[] {
  const row = namedList([...values], names);
  const pairs = () => names.map((name, i) => [name, values[i]] as [string, unknown]);
  // Non-enumerable: `for value in row` and `row | join` see the values only.
  for (const [method, fn] of Object.entries({ keys: () => [...names], items: pairs, dict: () => Object.fromEntries(pairs()), get: (name: string, fallback: unknown = null) => (names.includes(name) ? values[names.indexOf(name)] : fallback) })) {
    if (!names.includes(method)) Object.defineProperty(row, method, { value: fn, enumerable: false });
  }
  return row;
}

/** Dates and times as the Python objects agate gives: printed `2024-01-02` / `2024-01-02 03:04:05`, with
 * strftime(), .year... (a JavaScript Date would print `Tue Jan 02 2024 ...`). */
function pyValue(value: unknown, dataType: string): unknown {
  if (!(value instanceof Date)) return value;
  return /^date$/i.test(dataType.trim()) ? new PyDate(value) : new PyDateTime(value);
}

export function agateTable(columns: AnswerColumn[], answerRows: unknown[][]): AgateTable {
  const names = columns.map((column) => column.name);
  const rows = answerRows.map((row) => row.map((value, j) => pyValue(value, columns[j]?.dataType ?? '')));
  const agateColumns = columns.map((column, j) => agateColumn(column.name, column.dataType, rows.map((row) => row[j])));
  return {
    columns: namedList(agateColumns, names),
    column_names: names,
    column_types: columns.map((column) => column.dataType),
    rows: rows.map((row) => agateRow(row, names)),
    __len__: () => rows.length,
    // dbt prints the table to stdout; a compile has no stdout of its own, and log() is what projects read.
    print_table: () => '',
  };
}

/** What run_query() gives before the warehouse answered: no rows, and any column asked for is an empty one,
 * so `results.columns[0].values()` renders (to nothing) instead of failing the compile-time render. */
export function placeholderTable(): AgateTable {
  return {
    ...agateTable([], []),
    columns: namedList<AgateColumn>([], [], () => agateColumn('', '', [])),
  };
}
