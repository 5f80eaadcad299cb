// dbt's four built-in generic tests rendered with template literals instead of Nunjucks macro calls: a
// project has thousands of them, and each macro call (dispatch, kwargs, frames, SafeStrings) costs far more
// than the string it builds. Used only while the project overrides none of the test's macros, and only for
// plain arguments; the text is byte-identical to builtins.ts (tests/compile/fast-path.test.ts compares).
import { BUILTIN_MACROS_FILE } from './builtins.js';

type Args = Record<string, unknown>;

const ARGUMENTS: Record<string, string[]> = {
  not_null: ['model', 'column_name'],
  unique: ['model', 'column_name'],
  accepted_values: ['model', 'column_name', 'values', 'quote'],
  relationships: ['model', 'column_name', 'to', 'field'],
};

export interface MacroLookup {
  get(name: string): { meta: { file?: string } } | undefined;
  has(name: string): boolean;
}

/** The built-in test's macros are the ones that would run (none overridden by the project). */
export function builtinTestApplies(testName: string, macros: MacroLookup, dialectName: string): boolean {
  if (!ARGUMENTS[testName]) return false;
  return (
    macros.get(`test_${testName}`)?.meta.file === BUILTIN_MACROS_FILE &&
    macros.get(`default__test_${testName}`)?.meta.file === BUILTIN_MACROS_FILE &&
    !macros.has(`${dialectName}__test_${testName}`)
  );
}

/** The macro names a macro call would have recorded in depends_on.macros, in call order. */
export function builtinTestMacros(testName: string): string[] {
  return [`macro.clv.test_${testName}`, `macro.clv.default__test_${testName}`];
}

/** The SQL the built-in macro renders (untrimmed), or undefined when the arguments are not plain strings. */
export function builtinTestSql(testName: string, args: Args): string | undefined {
  const known = ARGUMENTS[testName];
  if (!known || Object.keys(args).some((key) => !known.includes(key))) return undefined;
  const { model, column_name: column } = args;
  if (typeof model !== 'string' || typeof column !== 'string') return undefined;
  switch (testName) {
    case 'not_null':
      return `\nselect *\nfrom ${model}\nwhere ${column} is null\n`;
    case 'unique':
      return `\nselect\n    ${column} as unique_field,\n    count(*) as n_records\nfrom ${model}\nwhere ${column} is not null\ngroup by ${column}\nhaving count(*) > 1\n`;
    case 'accepted_values': {
      const { values } = args;
      const quote = 'quote' in args ? args.quote : true;
      if (!Array.isArray(values) || typeof quote !== 'boolean') return undefined;
      if (!values.every((value) => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean')) return undefined;
      // quote: `'{{ value | replace("'", "''") }}'` (the filter stringifies numbers, leaves booleans as is).
      const items = values.map((value) => (quote ? `'${typeof value === 'boolean' ? String(value) : String(value).split("'").join("''")}'` : String(value)));
      return `\nwith all_values as (\n    select\n        ${column} as value_field,\n        count(*) as n_records\n    from ${model}\n    group by ${column}\n)\nselect *\nfrom all_values\nwhere value_field not in (\n    ${items.join(', ')}\n)\n`;
    }
    case 'relationships': {
      const { to, field } = args;
      if (typeof to !== 'string' || typeof field !== 'string') return undefined;
      return `\nwith child as (\n    select ${column} as from_field\n    from ${model}\n    where ${column} is not null\n),\nparent as (\n    select ${field} as to_field\n    from ${to}\n)\nselect from_field\nfrom child\nleft join parent on child.from_field = parent.to_field\nwhere parent.to_field is null\n`;
    }
    default:
      return undefined;
  }
}
