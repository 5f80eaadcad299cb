// dbt-duckdb's external sources: a source table whose `external_location` (config or meta, on the table or
// its source; the table's wins) names a file or a reader call. `{{ source('raw', 'orders') }}` then renders
// as that location instead of a table: `read_csv_auto('data/{name}.csv')` -> read_csv_auto('data/orders.csv'),
// and a bare path is quoted ('data/orders.parquet'), which DuckDB reads directly. dbt-labs' jaffle-shop
// template on DuckDB reads its CSVs this way. `formatter` picks the placeholder style, as in dbt-duckdb:
// newstyle `{name}` (default), oldstyle `%(name)s`, template `$name`.
import { ProjectError } from '../errors.js';
import type { RelationRef } from '../manifest.js';

type Entry = Record<string, unknown>;

const asEntry = (value: unknown): Entry => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Entry) : {});

/** The setting `key` as dbt-duckdb looks it up: table config, table meta, then the source's. */
function setting(source: Entry, table: Entry, key: string): unknown {
  for (const entry of [table, source]) {
    const config = asEntry(entry.config);
    for (const place of [config, asEntry(entry.meta), asEntry(config.meta)]) if (place[key] !== undefined) return place[key];
  }
  return undefined;
}

/** The SQL a source renders as when it is external, else undefined. `render` applies the YAML's Jinja. */
export function externalLocation(source: Entry, table: Entry, relation: RelationRef, render: (text: string) => string, file: string): string | undefined {
  const template = setting(source, table, 'external_location');
  if (template === undefined || template === null || template === '') return undefined;
  const fields: Record<string, unknown> = {
    ...asEntry(source.meta),
    ...asEntry(table.meta),
    name: String(table.name),
    identifier: relation.identifier,
    schema: relation.schema,
    database: relation.database,
  };
  const formatter = String(setting(source, table, 'formatter') ?? 'newstyle');
  const lookup = (key: string): string => {
    if (!(key in fields)) {
      throw new ProjectError(`external_location of source table '${String(table.name)}' names {${key}}, which is not a field of the source`, {
        location: { file },
        hint: `Fields: ${Object.keys(fields).join(', ')}. For a literal brace (a dict argument), set formatter: oldstyle or template.`,
      });
    }
    return String(fields[key]);
  };
  const text = render(String(template));
  const location =
    formatter === 'oldstyle' ? text.replace(/%\(([^)]+)\)s|%%/g, (match, key?: string) => (key ? lookup(key) : '%'))
    : formatter === 'template' ? text.replace(/\$\$|\$\{(\w+)\}|\$(\w+)/g, (match, braced?: string, bare?: string) => (braced || bare ? lookup((braced ?? bare)!) : '$'))
    : text.replace(/\{\{|\}\}|\{(\w*)\}/g, (match, key?: string) => (match === '{{' ? '{' : match === '}}' ? '}' : lookup(key!)));
  // A reader call or an already quoted path is SQL as it stands; a bare path becomes a string DuckDB reads.
  return location.includes('(') || location.startsWith("'") ? location : `'${location.replace(/'/g, "''")}'`;
}
