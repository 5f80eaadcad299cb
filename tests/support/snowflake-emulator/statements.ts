// The small explicit rewrite table (reference §2): Snowflake-only words are stripped, access control and
// warehouse statements are accepted as no-ops, stage commands are served from a local directory. No
// general transpiler: anything else goes to DuckDB verbatim, so tests see exactly the SQL the adapter sent.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export type Action =
  | { kind: 'duckdb'; sql: string }
  | { kind: 'noop' }
  | { kind: 'tag'; tag: string | undefined }
  | { kind: 'show-tag' }
  | { kind: 'put'; source: string; stageDir: string }
  /** JSON COPY: the server reads the files typed by the target's columns (VARIANT columns become JSON). */
  | { kind: 'copy-json'; table: string; files: string[] }
  | { kind: 'remove'; stageDir: string }
  | { kind: 'get'; files: string[]; stageDir: string; localDir: string };

/** `@db.s.stage/sub/` → a directory under the emulator's stage root. */
export function stageDir(root: string, stage: string): string {
  return join(root, stage.replace(/^@/, '').toLowerCase().replace(/[^a-z0-9_./%-]/g, '_').replace(/\.\.+/g, '_'));
}

function copyInto(root: string, sql: string): Action {
  const m = /^copy\s+into\s+(\S+)\s+from\s+(@\S+)(.*)$/is.exec(sql)!;
  const dir = stageDir(root, m[2]!);
  const files = existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.(gz|jsonl?|csv)$/.test(f)) : [];
  if (files.length === 0) return { kind: 'noop' };
  if (/type\s*=\s*'?json/i.test(m[3]!)) return { kind: 'copy-json', table: m[1]!, files: files.map((f) => join(dir, f)) };
  const list = `[${files.map((f) => `'${join(dir, f)}'`).join(', ')}]`;
  return { kind: 'duckdb', sql: `insert into ${m[1]} by name select * from read_csv(${list}, header = true, auto_detect = true)` };
}

/** A stage location as written: `@…` or `'@…'` (quoted when the path has special characters). */
const STAGE_LOCATION = String.raw`('@(?:[^']|'')*'|@\S+)`;
const unquote = (location: string): string => (location.startsWith("'") ? location.slice(1, -1).replace(/''/g, "'") : location);

/** Unload: `copy into @stage/file from (<query>) file_format = (type = csv|parquet …) header = true …`. */
function unload(root: string, sql: string): Action | undefined {
  const m = new RegExp(String.raw`^copy\s+into\s+${STAGE_LOCATION}\s+from\s+\(([\s\S]*)\)\s*file_format\s*=\s*\(\s*type\s*=\s*(\w+)`, 'i').exec(sql);
  if (!m) return undefined;
  const file = stageDir(root, unquote(m[1]!));
  mkdirSync(dirname(file), { recursive: true });
  const options = m[3]!.toLowerCase() === 'parquet' ? '(format parquet)' : '(format csv, header true)';
  return { kind: 'duckdb', sql: `copy (${m[2]}) to '${file.replace(/'/g, "''")}' ${options}` };
}

/** `get @stage/path 'file://dir/'`: a staged file, or every file under a staged prefix. */
function get(root: string, sql: string): Action | undefined {
  const m = new RegExp(String.raw`^get\s+${STAGE_LOCATION}\s+'file://((?:[^']|'')+)'`, 'i').exec(sql);
  if (!m) return undefined;
  const path = stageDir(root, unquote(m[1]!));
  const isFile = existsSync(path) && statSync(path).isFile();
  const dir = isFile ? dirname(path) : path;
  const files = isFile ? [basename(path)] : existsSync(dir) ? readdirSync(dir) : [];
  return { kind: 'get', files, stageDir: dir, localDir: m[2]!.replace(/''/g, "'") };
}

/** `alter table a swap with b` (DuckDB has no SWAP): three renames in one transaction, through a parked name. */
function swap(a: string, b: string): Action {
  const split = (name: string) => {
    const at = name.lastIndexOf('.');
    return { prefix: name.slice(0, at + 1), last: name.slice(at + 1) };
  };
  const [left, right] = [split(a), split(b)];
  const parked = `clv_emulator_swap_${Date.now()}`;
  return {
    kind: 'duckdb',
    sql: `begin; alter table ${a} rename to ${parked}; alter table ${b} rename to ${left.last}; alter table ${left.prefix}${parked} rename to ${right.last}; commit`,
  };
}

export function classify(sql: string, root: string): Action {
  const text = sql.trim().replace(/;$/, '');
  let m: RegExpExecArray | null;
  if ((m = /^alter\s+session\s+set\s+query_tag\s*=\s*'((?:[^']|'')*)'$/is.exec(text))) return { kind: 'tag', tag: m[1]!.replace(/''/g, "'") };
  if (/^alter\s+session\s+unset\s+query_tag$/i.test(text)) return { kind: 'tag', tag: undefined };
  if (/^show\s+parameters\s+like\s+'query_tag'/i.test(text)) return { kind: 'show-tag' };
  if (/^(use\s+(warehouse|role)|grant|revoke|alter\s+(warehouse|user|session)|create\s+(or\s+replace\s+)?(temporary\s+)?(stage|file\s+format|warehouse|role|user)|create\s+database)\b/i.test(text)) return { kind: 'noop' };
  if ((m = /^put\s+'file:\/\/([^']+)'\s+(@\S+)/i.exec(text))) {
    const dir = stageDir(root, m[2]!);
    mkdirSync(dir, { recursive: true });
    return { kind: 'put', source: m[1]!, stageDir: dir };
  }
  if ((m = new RegExp(String.raw`^(?:remove|rm)\s+${STAGE_LOCATION}`, 'i').exec(text))) return { kind: 'remove', stageDir: stageDir(root, unquote(m[1]!)) };
  const fileAction = unload(root, text) ?? get(root, text);
  if (fileAction) return fileAction;
  if (/^copy\s+into\s/i.test(text)) return copyInto(root, text);
  if ((m = /^create\s+(?:or\s+replace\s+)?(?:temporary\s+|transient\s+)?table\s+(\S+)\s+like\s+(\S+)$/i.exec(text))) {
    return { kind: 'duckdb', sql: `create or replace table ${m[1]} as select * from ${m[2]} limit 0` };
  }
  if ((m = /^alter\s+table\s+(\S+)\s+swap\s+with\s+(\S+)$/i.exec(text))) return swap(m[1]!, m[2]!);
  const rewritten = text
    .replace(/^(create\s+(?:or\s+replace\s+)?)(?:transient|temporary|temp)\s+(table|view)\b/i, '$1$2')
    .replace(/\s+copy\s+grants\b/i, '')
    // VARIANT columns are stored as DuckDB JSON; PARSE_JSON is DuckDB's json().
    .replace(/^(create\s+(?:or\s+replace\s+)?table\b[^(]*\([\s\S]*)$/i, (ddl) => ddl.replace(/\bvariant\b/gi, 'JSON'))
    .replace(/\bparse_json\s*\(/gi, 'json(')
    .replace(/\s+cluster\s+by\s*\([^)]*\)/i, '')
    // Snowflake needs the new name qualified (else the object moves schema); DuckDB wants it bare.
    .replace(/^(alter\s+(?:table|view)\s+\S+\s+rename\s+to\s+)(?:[\w$"]+\.)+([\w$"]+)$/i, '$1$2')
    // DuckDB keeps one information_schema for all catalogs.
    .replace(/\b(\w+)\.information_schema\.(tables|columns)\b/gi, "(select * from information_schema.$2 where table_catalog = '$1')");
  return { kind: 'duckdb', sql: rewritten };
}

export function removeStage(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
