// dbt-duckdb's `materialized='external'`: the model is written to a file (Parquet by default, CSV or JSON)
// with DuckDB's own COPY, and a view of the model's name reads that file, so ref() works downstream and
// other tools read the file directly. Config as in dbt-duckdb: `location` (default
// `<external_root>/<name>.<format>`, or a folder when partitioned), `format` (else the location's extension,
// else parquet), `delimiter` (CSV), `options` (further COPY options, e.g. partition_by, compression).
// Local files are written beside the location and renamed over it, so a failed build leaves the previous
// file (and the view reading it) intact, as a failed table build does.
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ModelNode } from '../../manifest.js';
import { atomically, run, selectBody, type MaterializeContext, type MaterializeOutcome } from './context.js';

const FORMATS = ['parquet', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];
const READERS: Record<Format, string> = { parquet: 'read_parquet', csv: 'read_csv_auto', json: 'read_json_auto' };
const TMP = '.clv_tmp';
const OLD = '.clv_old';

const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;
const isRemote = (location: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(location);

export interface ExternalTarget {
  location: string;
  format: Format;
  partitioned: boolean;
  copyOptions: string[];
}

/** Where and how the model is written; pure, so a config mistake is reported before any SQL runs. */
export function externalTarget(node: ModelNode, projectRoot: string, externalRoot: unknown): ExternalTarget {
  const config = node.config as Record<string, unknown>;
  const options = { ...((config.options ?? {}) as Record<string, unknown>) };
  const partitioned = Object.keys(options).some((key) => key.toLowerCase() === 'partition_by');
  const given = typeof config.location === 'string' && config.location.trim() !== '' ? config.location.trim() : undefined;
  const extension = given ? path.extname(given).slice(1).toLowerCase() : '';
  const format = String(config.format ?? (FORMATS.includes(extension as Format) ? extension : 'parquet')).toLowerCase();
  if (!FORMATS.includes(format as Format)) {
    throw new Error(`model ${node.name} (${node.original_file_path}): external format '${format}' is not supported: use ${FORMATS.join(', ')}`);
  }
  const root = typeof externalRoot === 'string' && externalRoot !== '' ? externalRoot : '.';
  const location = given ?? `${root}/${node.name}${partitioned ? '' : `.${format}`}`;
  const copyOptions = [`format ${format}`];
  if (config.delimiter !== undefined) copyOptions.push(`delimiter ${literal(String(config.delimiter))}`);
  for (const [key, value] of Object.entries(options)) copyOptions.push(`${key} ${optionValue(value)}`);
  return { location: isRemote(location) ? location : path.resolve(projectRoot, location), format: format as Format, partitioned, copyOptions };
}

/** COPY option values: lists as `(a, b)`, words (keywords, column names) bare, anything else quoted. */
function optionValue(value: unknown): string {
  if (Array.isArray(value)) return `(${value.map(String).join(', ')})`;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  const text = String(value);
  return /^[A-Za-z_][\w]*$/.test(text) || /^\(.*\)$/.test(text) ? text : literal(text);
}

function readExpression(target: ExternalTarget): string {
  const { location, format, partitioned } = target;
  if (!partitioned) return `${READERS[format]}(${literal(location)})`;
  return `${READERS[format]}(${literal(`${location}/**/*.${format}`)}, hive_partitioning = true)`;
}

export async function materializeExternal(ctx: MaterializeContext, node: ModelNode): Promise<MaterializeOutcome> {
  const { dialect, connection, relations } = ctx;
  if (dialect.name !== 'duckdb') {
    throw new Error(`model ${node.name}: materialized='external' writes files with DuckDB's COPY and is DuckDB-only; use 'table' on ${dialect.name}, or \`clv export\``);
  }
  const target = externalTarget(node, ctx.projectRoot, ctx.manifest?.target.external_root);
  const local = !isRemote(target.location);
  const written = local ? `${target.location}${TMP}` : target.location;
  if (local) {
    mkdirSync(path.dirname(target.location), { recursive: true });
    rmSync(written, { recursive: true, force: true });
  }
  let copied;
  try {
    copied = await run(ctx, `copy (${selectBody(node.compiled_code)}) to ${literal(written)} (${target.copyOptions.join(', ')})`);
  } catch (error) {
    if (local) rmSync(written, { recursive: true, force: true });
    throw error;
  }
  if (local) replace(written, target.location);

  await relations.ensureSchema(connection, node.relation);
  const existing = await relations.kindOf(connection, node.relation);
  const create = dialect.createView(node.relation, `select * from ${readExpression(target)}`);
  if (existing === 'table') await atomically(ctx, [dialect.dropRelation(node.relation, 'table'), create]);
  else await run(ctx, create);
  await relations.remember(connection, node.relation, 'view');
  return { status: 'success', message: copied.rowsAffected === undefined ? 'OK' : `OK ${copied.rowsAffected}`, rowsAffected: copied.rowsAffected };
}

/** A file is renamed over the old one (atomic); a partition folder is swapped through a `.clv_old` name. */
function replace(written: string, location: string): void {
  const isFile = (file: string): boolean => existsSync(file) && statSync(file).isFile();
  if (isFile(written) && (!existsSync(location) || isFile(location))) return renameSync(written, location);
  const old = `${location}${OLD}`;
  rmSync(old, { recursive: true, force: true });
  if (existsSync(location)) renameSync(location, old);
  renameSync(written, location);
  rmSync(old, { recursive: true, force: true });
}
