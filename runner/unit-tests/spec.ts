// `unit_tests:` entries of schema YAML in dbt's format, read into plain specs with file + line for errors.
// dbt: https://docs.getdbt.com/reference/resource-properties/unit-tests
import { ProjectError } from '../errors.js';
import type { ProjectFile } from '../project/types.js';
import { parseYaml } from '../project/yaml.js';

export type Rows = Record<string, unknown>[];

/** Rows as written: a list of dicts (dict), a CSV string (csv), a SQL select (sql), or a fixture file name. */
export interface RowsSpec {
  format: 'dict' | 'csv' | 'sql';
  rows?: unknown;
  fixture?: string;
}

export interface GivenSpec extends RowsSpec {
  /** As written: ref('x'), ref('pkg', 'x'), source('s', 't'), this. */
  input: string;
}

export interface UnitTestSpec {
  name: string;
  model: string;
  description: string;
  given: GivenSpec[];
  expect: RowsSpec;
  overrides: { vars: Record<string, unknown>; macros: Record<string, unknown> };
  tags: string[];
  file: string;
  line?: number;
}

const FORMATS = ['dict', 'csv', 'sql'];

function rowsSpec(value: unknown, where: () => ProjectError): RowsSpec {
  const v = (value ?? {}) as Record<string, unknown>;
  const format = String(v.format ?? 'dict');
  if (!FORMATS.includes(format)) throw where();
  if (v.rows === undefined && v.fixture === undefined) throw where();
  return { format: format as RowsSpec['format'], ...(v.rows !== undefined ? { rows: v.rows } : {}), ...(v.fixture !== undefined ? { fixture: String(v.fixture) } : {}) };
}

export function parseUnitTests(files: ProjectFile[]): UnitTestSpec[] {
  const specs: UnitTestSpec[] = [];
  for (const file of files) {
    if (!/\.ya?ml$/.test(file.path) || !file.contents.includes('unit_tests')) continue;
    const parsed = parseYaml(file.contents, file.path);
    const list = (parsed.value as { unit_tests?: unknown } | null)?.unit_tests;
    if (!Array.isArray(list)) continue;
    list.forEach((raw: Record<string, unknown>, i) => {
      const line = parsed.lineOf(['unit_tests', i]);
      const fail = (what: string) => new ProjectError(`unit test ${raw?.name ? `'${String(raw.name)}' ` : ''}${what}`, {
        location: { file: file.path, line },
        hint: "dbt's format: {name, model, given: [{input: ref('x'), rows: [{...}]}], expect: {rows: [{...}]}}; rows may be `format: csv` text or `fixture: <name>`.",
      });
      if (!raw || typeof raw.name !== 'string' || typeof raw.model !== 'string') throw fail('needs a `name` and a `model`');
      if (!Array.isArray(raw.given)) throw fail('needs `given:`, a list of inputs (one per ref/source of the model)');
      const given = raw.given.map((g: Record<string, unknown>) => {
        if (typeof g?.input !== 'string') throw fail("has a given entry without `input:` (e.g. input: ref('stg_orders'))");
        return { input: g.input.trim(), ...rowsSpec(g, () => fail(`has a given entry for ${g.input} without valid rows (format dict|csv|sql, rows or fixture)`)) };
      });
      const overrides = (raw.overrides ?? {}) as Record<string, unknown>;
      const config = (raw.config ?? {}) as Record<string, unknown>;
      specs.push({
        name: raw.name,
        model: raw.model,
        description: String(raw.description ?? ''),
        given,
        expect: rowsSpec(raw.expect, () => fail('needs `expect: {rows: [...]}`')),
        overrides: { vars: (overrides.vars ?? {}) as Record<string, unknown>, macros: (overrides.macros ?? {}) as Record<string, unknown> },
        tags: Array.isArray(config.tags) ? config.tags.map(String) : typeof config.tags === 'string' ? [config.tags] : [],
        file: file.path,
        line,
      });
    });
  }
  return specs;
}
