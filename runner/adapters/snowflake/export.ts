// `clv export` on Snowflake: the server cannot write to the user's disk, so the query is unloaded with
// COPY INTO the user stage (`@~`, which every user has, so no database or grant is needed) as one file
// named like the output, downloaded with GET into the output's directory, then removed from the stage.
// CSV matches DuckDB's export: a header row, NULL as an empty field, an empty string as "".
import { basename, dirname } from 'node:path';
import { quoteLiteral } from './identifiers.js';

/** Largest single unloaded file Snowflake allows (5 GB); the default for SINGLE = TRUE is only 16 MB. */
const MAX_SINGLE_FILE = 5_368_709_120;

const FORMATS = {
  csv: `type = csv compression = none field_optionally_enclosed_by = '"' null_if = ('') empty_field_as_null = false`,
  // Snappy is Parquet's default; HEADER = TRUE keeps the column names in the Parquet schema.
  parquet: `type = parquet`,
} as const;

export function exportQuery(selectSql: string, format: 'csv' | 'parquet', absolutePath: string): string {
  const path = absolutePath.replace(/\\/g, '/');
  // Quoted, so a file name with spaces or other special characters is one stage path (GET keeps the name).
  const staged = quoteLiteral(`@~/clv_export/${basename(path)}`);
  const local = quoteLiteral(`file://${dirname(path)}/`);
  return [
    `copy into ${staged}\nfrom (\n${selectSql}\n)\nfile_format = (${FORMATS[format]})\nheader = true single = true overwrite = true max_file_size = ${MAX_SINGLE_FILE}`,
    `get ${staged} ${local}`,
    `remove ${staged}`,
  ].join(';\n');
}
