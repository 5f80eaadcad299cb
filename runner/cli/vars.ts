// `--vars` as dbt takes it: a YAML mapping (JSON is YAML too), e.g. --vars '{start_date: 2024-01-01}'.
import yaml from 'js-yaml';
import { UsageError } from '../errors.js';

export function parseVars(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let value: unknown;
  try {
    // CORE_SCHEMA keeps 2024-01-01 a string: a JS Date would render in SQL as 'Mon Jan 01 2024 ...'.
    value = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    throw new UsageError(`--vars is not valid YAML: ${(error as Error).message.split('\n')[0]}`, {
      hint: `Pass a mapping, e.g. --vars '{start_date: "2024-01-01", min_orders: 2}'.`,
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`--vars must be a mapping, got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`, {
      hint: `Pass a mapping, e.g. --vars '{start_date: "2024-01-01"}'.`,
    });
  }
  return value as Record<string, unknown>;
}
