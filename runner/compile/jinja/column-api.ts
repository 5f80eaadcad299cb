// dbt's `api.Column`: the adapter's Column class as templates reach it: called as a constructor
// (`api.Column('id', 'integer')`) or through its class methods (create, translate_type, string_type,
// numeric_type, from_description). dbt's type macros and contract checks lean on translate_type.
import type { ColumnTypeRules } from '../../adapters/adapter.js';
import { BASE_COLUMN_TYPES } from '../../adapters/column-types.js';
import { dbtColumn, fromDescription, numericType, stringType, type Quote, type RelationColumn } from '../introspection/columns.js';
import { param, splitArgs } from './kwargs.js';

export function columnApi(rules: ColumnTypeRules = BASE_COLUMN_TYPES, quote?: Quote) {
  const size = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
  const translateType = (dtype: unknown): string => rules.typeLabels[String(dtype).toUpperCase()] ?? String(dtype);
  const construct = (...args: unknown[]): RelationColumn => {
    const call = splitArgs(args);
    return dbtColumn(
      {
        column: String(param(call, 0, 'column')),
        dtype: String(param(call, 1, 'dtype')),
        char_size: size(param(call, 2, 'char_size')),
        numeric_precision: size(param(call, 3, 'numeric_precision')),
        numeric_scale: size(param(call, 4, 'numeric_scale')),
      },
      rules,
      quote,
    );
  };
  return Object.assign(construct, {
    TYPE_LABELS: { ...rules.typeLabels },
    translate_type: (...args: unknown[]) => translateType(param(splitArgs(args), 0, 'dtype')),
    // dbt: translates the label, does not parse a size out of it (`create('x', 'varchar(10)')` is not a string).
    create: (...args: unknown[]) => {
      const call = splitArgs(args);
      return dbtColumn({ column: String(param(call, 0, 'name')), dtype: translateType(param(call, 1, 'label_or_dtype')) }, rules, quote);
    },
    string_type: (...args: unknown[]) => stringType(param(splitArgs(args), 0, 'size')),
    numeric_type: (...args: unknown[]) => {
      const call = splitArgs(args);
      return numericType(String(param(call, 0, 'dtype')), param(call, 1, 'precision'), param(call, 2, 'scale'));
    },
    from_description: (...args: unknown[]) => {
      const call = splitArgs(args);
      return fromDescription(String(param(call, 0, 'name')), String(param(call, 1, 'raw_data_type')), rules, quote);
    },
  });
}
