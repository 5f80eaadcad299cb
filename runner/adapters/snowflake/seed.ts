// Seeds on Snowflake: the server cannot read the user's disk, so a seed is PUT to a session-scoped stage
// and copied in by column name. Column types come from INFER_SCHEMA, with the seed's `column_types` config
// overriding by name; names are upper-cased so unquoted SQL finds them. The result is several statements
// joined by `;\n`; the Snowflake connection splits
// them (quote/comment aware) and runs them in order on one session, as temporary objects require.
import type { RelationRef } from '../../manifest.js';
import { quoteLiteral, renderRelation } from './identifiers.js';

const STAGE = 'clv_seed_stage';
const FILE_FORMAT = 'clv_seed_csv';

const csvFormat = (name: string): string =>
  `create or replace temporary file format ${name} type = csv parse_header = true ` +
  `field_optionally_enclosed_by = '"' empty_field_as_null = true`;

/** CASE mapping upper-cased column names to configured types, else the inferred one. */
function typeExpression(columnTypes: Record<string, string>): string {
  const entries = Object.entries(columnTypes);
  if (entries.length === 0) return 'type';
  const whens = entries.map(([name, type]) => `when ${quoteLiteral(name.toUpperCase())} then ${quoteLiteral(type)}`);
  return `case upper(column_name) ${whens.join(' ')} else type end`;
}

export function createTableFromCsv(relation: RelationRef, csvPath: string, columnTypes: Record<string, string>): string {
  const scope = { database: relation.database, schema: relation.schema };
  const stage = renderRelation({ ...scope, identifier: STAGE });
  const format = renderRelation({ ...scope, identifier: FILE_FORMAT });
  const location = `@${stage}/${relation.identifier.toLowerCase()}/`;
  // PUT takes the path verbatim after file:// (no URL encoding); the quotes allow spaces.
  const fileUrl = `file://${csvPath.replace(/\\/g, '/')}`;
  return [
    csvFormat(format),
    `create temporary stage if not exists ${stage}`,
    `put ${quoteLiteral(fileUrl)} ${location} auto_compress = true overwrite = true`,
    `create or replace transient table ${renderRelation(relation)} using template (\n` +
      `  select array_agg(object_construct('COLUMN_NAME', upper(column_name), 'TYPE', ${typeExpression(columnTypes)}, 'NULLABLE', true))` +
      ` within group (order by order_id)\n` +
      `  from table(infer_schema(location => ${quoteLiteral(location)}, file_format => ${quoteLiteral(format)}))\n)`,
    `copy into ${renderRelation(relation)} from ${location} file_format = (format_name = ${format}) ` +
      `match_by_column_name = case_insensitive`,
  ].join(';\n');
}
