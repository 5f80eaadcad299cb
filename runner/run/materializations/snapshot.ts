// dbt snapshots (type-2 history): the first build copies the query's rows with dbt_scd_id, dbt_updated_at,
// dbt_valid_from and dbt_valid_to; each later build closes the current version of every row that changed
// (timestamp strategy: a newer `updated_at`; check strategy: any of `check_cols` differs, null-safe) and
// inserts the new version, adds rows for new keys, adds new query columns, and for rows whose key left the
// query: `hard_deletes: invalidate` (or the older `invalidate_hard_deletes: true`) closes them, `new_record`
// closes them and adds a version marked dbt_is_deleted = 'True' (a key that comes back gets a new version).
// All of it in one transaction on DuckDB, so a failed snapshot leaves the history as it was. `--full-refresh` does not
// rebuild a snapshot (history cannot be recomputed), as in dbt.
import type { ModelNode, RelationRef } from '../../manifest.js';
import { atomicWrite, describeColumns, run, selectBody, tryRun, type MaterializeContext, type MaterializeOutcome } from './context.js';
import { buildAndSwap } from './swap.js';

const META = ['dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to'];
const KEY = 'dbt_unique_key';
const STAMP = 'dbt_source_updated_at';
const PREVIOUS = 'dbt_previous_scd_id';
/** hard_deletes: new_record marks each version 'True' (a row that left the query) or 'False'. */
const DELETED = 'dbt_is_deleted';

interface Settings {
  keys: string[];
  strategy: 'timestamp' | 'check';
  /** SQL for the version's timestamp, over the query's columns. */
  stamp: string;
  checkCols: string[] | 'all';
  hardDeletes: 'ignore' | 'invalidate' | 'new_record';
  validToCurrent?: string;
}

const list = (value: unknown): string[] =>
  value === undefined || value === null ? [] : (Array.isArray(value) ? value.map(String) : String(value).split(',')).map((k) => k.trim()).filter(Boolean);

/** The snapshot's config, checked before anything runs: each mistake names the snapshot and the fix. */
export function snapshotSettings(node: ModelNode, now: string): Settings {
  const config = node.config as Record<string, unknown>;
  const where = `snapshot ${node.name} (${node.original_file_path})`;
  const keys = list(config.unique_key);
  if (keys.length === 0) throw new Error(`${where} needs a unique_key: config(unique_key='id')`);
  const strategy = String(config.strategy ?? '');
  const hardDeletes = String(config.hard_deletes ?? (config.invalidate_hard_deletes === true ? 'invalidate' : 'ignore'));
  if (hardDeletes !== 'ignore' && hardDeletes !== 'invalidate' && hardDeletes !== 'new_record') {
    throw new Error(`${where}: hard_deletes must be 'ignore', 'invalidate' or 'new_record', got '${hardDeletes}'`);
  }
  const base = { keys, hardDeletes: hardDeletes as Settings['hardDeletes'], ...(config.dbt_valid_to_current ? { validToCurrent: String(config.dbt_valid_to_current) } : {}) };
  if (strategy === 'timestamp') {
    if (!config.updated_at) throw new Error(`${where}: the timestamp strategy needs updated_at, the column that changes with each row: config(updated_at='updated_at')`);
    return { ...base, strategy, stamp: String(config.updated_at), checkCols: [] };
  }
  if (strategy === 'check') {
    const cols = config.check_cols === 'all' ? 'all' : list(config.check_cols);
    if (cols !== 'all' && cols.length === 0) throw new Error(`${where}: the check strategy needs check_cols: a list of columns, or 'all'`);
    return { ...base, strategy, stamp: now, checkCols: cols };
  }
  throw new Error(`${where}: strategy must be 'timestamp' (with updated_at) or 'check' (with check_cols), got '${strategy}'`);
}

export async function materializeSnapshot(ctx: MaterializeContext, node: ModelNode): Promise<MaterializeOutcome> {
  const { dialect, connection, relations } = ctx;
  const q = (name: string) => dialect.quoteIdentifier(name);
  // one instant for the whole snapshot (UTC, as dbt's snapshot_get_time)
  const now = `cast('${new Date().toISOString().replace('T', ' ').replace('Z', '')}' as timestamp)`;
  const settings = snapshotSettings(node, now);
  const query = selectBody(node.compiled_code);
  const keyString = (alias: string) =>
    settings.keys.map((key, i) => `coalesce(cast(${alias}.${q(`${KEY}_${i}`)} as varchar), '')`).join(` || '|' || `);
  const scdId = (alias: string) => `md5(${keyString(alias)} || '|' || coalesce(cast(${alias}.${q(STAMP)} as varchar), ''))`;
  const validTo = (alias: string) => (settings.validToCurrent ? `coalesce(nullif(${alias}.${q(STAMP)}, ${alias}.${q(STAMP)}), ${settings.validToCurrent})` : `nullif(${alias}.${q(STAMP)}, ${alias}.${q(STAMP)})`);
  // The query's rows with their key(s) and version timestamp computed once, over the query's own columns.
  const staged = `select snapshot_query.*, ${settings.keys.map((key, i) => `${key} as ${q(`${KEY}_${i}`)}`).join(', ')}, ${settings.stamp} as ${q(STAMP)} from (${query}) as snapshot_query`;
  const markDeletes = settings.hardDeletes === 'new_record';
  const helpers = new Set([...settings.keys.map((_, i) => `${KEY}_${i}`), STAMP].map((c) => c.toLowerCase()));

  await relations.ensureSchema(connection, node.relation);
  const existing = await relations.kindOf(connection, node.relation);
  if (existing !== 'table') {
    if (existing) await run(ctx, dialect.dropRelation(node.relation, existing));
    const firstBuild = (tmp: RelationRef) =>
      dialect.createTableAs(tmp, `select * exclude (${[...helpers].map(q).join(', ')}), ${scdId('s')} as dbt_scd_id, s.${q(STAMP)} as dbt_updated_at, s.${q(STAMP)} as dbt_valid_from, ${validTo('s')} as dbt_valid_to${markDeletes ? `, 'False' as ${DELETED}` : ''} from (${staged}) as s`, { transient: false });
    const { rowsAffected } = await buildAndSwap(ctx, node.relation, firstBuild);
    return { status: 'success', message: `INSERT ${rowsAffected ?? 0}`, rowsAffected };
  }

  const temp = (suffix: string): RelationRef => dialect.temporaryRelation?.(node.relation, `${node.relation.identifier}__clv_${suffix}`) ?? { ...node.relation, identifier: `${node.relation.identifier}__clv_${suffix}` };
  const source = temp('snapshot_source');
  const currentRows = temp('snapshot_current');
  const changes = temp('snapshot_changes');
  try {
    await run(ctx, dialect.createTableAs(source, staged, { temporary: true }));
    const duplicates = await run(ctx, `select count(*) as n from (select 1 from ${dialect.renderRelation(source)} group by ${settings.keys.map((_, i) => q(`${KEY}_${i}`)).join(', ')} having count(*) > 1) as d`);
    const duplicateKeys = Number(duplicates.rows[0]?.n ?? 0);
    if (duplicateKeys > 0) {
      throw new Error(`snapshot ${node.name}: ${duplicateKeys} unique_key value${duplicateKeys === 1 ? '' : 's'} (${settings.keys.join(', ')}) occur more than once in the query; a snapshot needs one row per key. Deduplicate the query (e.g. qualify row_number() over (partition by the key order by the update time desc) = 1) and run it again.`);
    }
    const [targetColumns, sourceColumns] = [await describeColumns(ctx, node.relation), await describeColumns(ctx, source)];
    const targetNames = new Set(targetColumns.map((c) => c.name.toLowerCase()));
    const queryColumns = sourceColumns.filter((c) => !helpers.has(c.name.toLowerCase()));
    const added = [
      ...queryColumns.filter((c) => !targetNames.has(c.name.toLowerCase())),
      ...(markDeletes && !targetNames.has(DELETED) ? [{ name: DELETED, dataType: 'varchar' }] : []),
    ];

    const rel = dialect.renderRelation(node.relation);
    const [src, cur, chg] = [source, currentRows, changes].map((r) => dialect.renderRelation(r));
    // The current versions with their key(s), computed by the same expressions over the snapshot's columns.
    const isCurrent = `dbt_valid_to is null${settings.validToCurrent ? ` or dbt_valid_to = ${settings.validToCurrent}` : ''}`;
    const marked = targetNames.has(DELETED);
    await run(ctx, dialect.createTableAs(currentRows, `select snapshotted.*, ${marked ? '' : `cast(null as varchar) as ${DELETED}, `}${settings.keys.map((key, i) => `${key} as ${q(`${KEY}_${i}`)}`).join(', ')} from ${rel} as snapshotted where ${isCurrent}`, { temporary: true }));
    const sameKey = (left: string, right: string) => settings.keys.map((_, i) => `${left}.${q(`${KEY}_${i}`)} = ${right}.${q(`${KEY}_${i}`)}`).join(' and ');
    const checked = settings.checkCols === 'all' ? queryColumns.map((c) => c.name) : settings.checkCols;
    const changed = settings.strategy === 'timestamp'
      ? `cur.dbt_valid_from < s.${q(STAMP)}`
      : checked.map((col) => `not (s.${q(col)} is not distinct from cur.${q(col)})`).join(' or ');
    // New keys, changed rows and (new_record) keys back after a delete, with the version each one closes;
    // found before anything is closed (the check strategy compares with the current version's values).
    const returned = markDeletes ? ` or cur.${DELETED} = 'True'` : '';
    await run(ctx, dialect.createTableAs(changes, `select s.*, cur.dbt_scd_id as ${q(PREVIOUS)} from ${src} as s left join ${cur} as cur on ${sameKey('s', 'cur')} where cur.dbt_scd_id is null or (${changed})${returned}`, { temporary: true }));
    const gone = `from ${cur} as cur where not exists (select 1 from ${src} as s where ${sameKey('s', 'cur')})${markDeletes ? ` and coalesce(cur.${DELETED}, 'False') <> 'True'` : ''}`;

    const insertColumns = [...queryColumns.map((c) => c.name), ...META, ...(markDeletes ? [DELETED] : [])];
    const values = [...queryColumns.map((c) => `c.${q(c.name)}`), scdId('c'), `c.${q(STAMP)}`, `c.${q(STAMP)}`, validTo('c'), ...(markDeletes ? ["'False'"] : [])];
    // new_record: a version that says the row left the query, with its last values, current from now on
    const keptColumns = targetColumns.map((c) => c.name).filter((name) => !META.includes(name.toLowerCase()) && name.toLowerCase() !== DELETED);
    const markerValues = [...keptColumns.map((name) => `cur.${q(name)}`), `md5(${keyString('cur')} || '|' || cast(${now} as varchar))`, now, now, settings.validToCurrent ?? 'cast(null as timestamp)', "'True'"];
    const ddl = added.length ? [dialect.addColumns(node.relation, added)] : [];
    const dml = [
      `update ${rel} set dbt_valid_to = c.${q(STAMP)} from ${chg} as c where ${rel}.dbt_scd_id = c.${q(PREVIOUS)}`,
      `insert into ${rel} (${insertColumns.map(q).join(', ')}) select ${values.join(', ')} from ${chg} as c`,
      ...(markDeletes ? [`insert into ${rel} (${[...keptColumns, ...META, DELETED].map(q).join(', ')}) select ${markerValues.join(', ')} ${gone}`] : []),
      ...(settings.hardDeletes !== 'ignore' ? [`update ${rel} set dbt_valid_to = ${now} where dbt_scd_id in (select cur.dbt_scd_id ${gone})`] : []),
    ];
    const results = await atomicWrite(ctx, ddl, dml);
    const inserted = results[added.length ? 2 : 1]?.rowsAffected;
    return { status: 'success', message: `INSERT ${inserted ?? 0}`, rowsAffected: inserted };
  } finally {
    await tryRun(ctx, dialect.dropRelation(changes, 'table'));
    await tryRun(ctx, dialect.dropRelation(currentRows, 'table'));
    await tryRun(ctx, dialect.dropRelation(source, 'table'));
  }
}
