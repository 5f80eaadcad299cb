// Raw loading for the ingest's warehouse writer: files go up with PUT to a session-scoped stage and come in
// with one COPY INTO (Snowflake's bulk path: compressed, parallel, no per-row round trips), then a MERGE by
// key makes reloading the same rows idempotent. Array binds are used only for small batches, because past
// CLIENT_STAGE_ARRAY_BINDING_THRESHOLD the driver stages them itself and silently falls back on failure.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import type { RelationRef } from '../../manifest.js';
import type { SnowflakeSession } from './connection.js';
import { snowflakeDialect as dialect } from './dialect.js';
import { quoteIdentifier, quoteLiteral, renderRelation } from './identifiers.js';

export interface LoadOptions {
  /** Key columns the MERGE matches on; default ['id']. */
  key?: string[];
  /** When a batch holds a key twice, keep the row with the greatest value of this column (e.g. updated_at). */
  newestBy?: string;
  /** File format: newline-delimited JSON objects (keys = column names) or CSV with a header row. */
  format?: 'json' | 'csv';
}

export interface LoadResult {
  staged: number;
  merged: number;
}

/** Largest batch sent as array binds; bigger batches go through a gzip file and the stage. */
export const SMALL_BATCH_ROWS = 1000;

const STAGE = 'clv_load_stage';

const fileFormat = (format: 'json' | 'csv'): string =>
  format === 'json'
    ? `file_format = (type = json) match_by_column_name = case_insensitive`
    : `file_format = (type = csv parse_header = true field_optionally_enclosed_by = '"') match_by_column_name = case_insensitive`;

/** Merge the scratch table into the target, deduplicated on key, then drop the scratch table. */
async function mergeScratch(session: SnowflakeSession, table: RelationRef, scratch: RelationRef, options: LoadOptions): Promise<number> {
  const key = options.key ?? ['id'];
  const columns = (await session.execute(dialect.columnsSql(table))).rows.map((r) => String(r.name));
  const latest = options.newestBy ? `${quoteIdentifier(options.newestBy)} desc nulls last` : '1';
  const deduped: RelationRef = { ...scratch, identifier: `${scratch.identifier}_dedup` };
  await session.execute(
    dialect.createTableAs(deduped, `select * from ${renderRelation(scratch)}\nqualify row_number() over (partition by ${key.map(quoteIdentifier).join(', ')} order by ${latest}) = 1`, { temporary: true }),
  );
  const merged = await session.execute(dialect.merge(table, deduped, key, columns));
  await session.execute(`${dialect.dropRelation(deduped, 'table')};\n${dialect.dropRelation(scratch, 'table')}`);
  return merged.rowsAffected ?? 0;
}

/**
 * PUT `files` (JSONL or CSV, plain or .gz) under a fresh prefix of the session's temporary stage and COPY
 * them by column name into `table`, which must exist; the staged files are removed after. Returns rows copied.
 */
export async function copyFiles(
  session: SnowflakeSession,
  table: RelationRef,
  files: string[],
  options: { format?: 'json' | 'csv'; prefix?: string } = {},
): Promise<number> {
  const scope = { database: table.database, schema: table.schema };
  const stage = renderRelation({ ...scope, identifier: STAGE });
  const batch = `@${stage}/${(options.prefix ?? table.identifier).toLowerCase()}/${randomUUID()}/`;
  await session.execute(`create temporary stage if not exists ${stage}`);
  for (const file of files) {
    await session.execute(`put ${quoteLiteral(`file://${file.replace(/\\/g, '/')}`)} ${batch} auto_compress = true overwrite = true`);
  }
  const copied = await session.execute(`copy into ${renderRelation(table)} from ${batch} ${fileFormat(options.format ?? 'json')}`);
  const rows = copied.rowsAffected ?? (await session.execute(`select count(*) as "n" from ${renderRelation(table)}`)).rows.map((r) => Number(r.n))[0] ?? 0;
  await session.execute(`remove ${batch}`);
  return rows;
}

/** PUT `files` to a stage, COPY them into a scratch table shaped like `table`, MERGE by key. */
export async function loadFiles(session: SnowflakeSession, table: RelationRef, files: string[], options: LoadOptions = {}): Promise<LoadResult> {
  const scratch: RelationRef = { database: table.database, schema: table.schema, identifier: `${table.identifier}__clv_load` };
  await session.execute(`create or replace temporary table ${renderRelation(scratch)} like ${renderRelation(table)}`);
  const staged = await copyFiles(session, scratch, files, { format: options.format, prefix: table.identifier });
  const merged = await mergeScratch(session, table, scratch, options);
  return { staged, merged };
}

/** Newline-delimited JSON files, the ingest's landing format. */
export const loadJsonl = (session: SnowflakeSession, table: RelationRef, files: string[], options: Omit<LoadOptions, 'format'> = {}) =>
  loadFiles(session, table, files, { ...options, format: 'json' });

/** Upsert rows by key: array binds for a small batch, a gzip JSONL file through the stage otherwise. */
export async function upsertRows(session: SnowflakeSession, table: RelationRef, columns: string[], rows: unknown[][], options: Omit<LoadOptions, 'format'> = {}): Promise<LoadResult> {
  if (rows.length > SMALL_BATCH_ROWS) {
    const dir = mkdtempSync(join(tmpdir(), 'clv-load-'));
    try {
      const file = join(dir, `${table.identifier}.jsonl.gz`);
      const lines = rows.map((row) => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null]))));
      writeFileSync(file, gzipSync(`${lines.join('\n')}\n`));
      return await loadJsonl(session, table, [file], options);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const scratch: RelationRef = { database: table.database, schema: table.schema, identifier: `${table.identifier}__clv_load` };
  await session.execute(`create or replace temporary table ${renderRelation(scratch)} like ${renderRelation(table)}`);
  const placeholders = columns.map(() => '?').join(', ');
  const inserted = await session.run(
    `insert into ${renderRelation(scratch)} (${columns.map(quoteIdentifier).join(', ')}) values (${placeholders})`,
    rows.map((row) => row.map((v) => (v === undefined ? null : v))) as never,
  );
  const merged = await mergeScratch(session, table, scratch, options);
  return { staged: inserted.rowsAffected ?? rows.length, merged };
}
