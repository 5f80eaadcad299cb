// RawWriter on an embedded DuckDB file. The engine reads every landing file itself (read_json_objects),
// because parsing JSON row by row in Node is the bottleneck of a bulk load.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { acquireInstance, releaseInstance } from '../../runner/adapters/duckdb/connection.js';
import { ROUTES } from './routes.js';
import { RAW_TABLES, SYNC_STATE_TABLE, foreignKeyTo, rawTable, type RawTableName } from './tables.js';
import { RootCountMismatch, type LandOptions, type LandResult, type RawWriter } from './writer.js';
import {
  addPrimaryKeySql,
  dropOrphanedChildrenSql,
  quoteIdent,
  quoteString,
  recreateWithoutKeySql,
  routeLinesSql,
  refundsWithoutLinesSql,
  upsertSql,
  writeStateSql,
} from './duckdb-sql.js';
import { ensureRawTables } from './duckdb-tables.js';
import { BULK_STAGE, bulkSummarySql, emptyTargetsSql, fastRoutable, insertBulkSql, linesFromBulkStageSql, stageBulkSql } from './duckdb-bulk-sql.js';

/** Page files below this size keep their lines in the stage (they may take the general routing). */
const KEEP_LINES_BELOW_BYTES = 64 * 1024 * 1024;
/**
 * DuckDB threads while a large file lands; 0 keeps the instance's setting (one per core). On the 2-core
 * machine, idle, two threads landed a 10k-customer store's bulk files 6 % faster than one for 34 % more CPU;
 * shared with other work (load 8-14), one thread was twice as fast (17-21 s against 42-51 s). A machine
 * with more cores gains from them, so the default keeps the engine's; `landingThreads: 1` suits a busy host.
 * The instance's own setting is restored afterwards.
 */
const LANDING_THREADS = 0;

/** A file with a repeated id cannot take the plain-INSERT path; it is rolled back and routed in general. */
class DuplicateInFile extends Error {}
const isDuplicateKey = (error: unknown): boolean => /constraint|duplicate key/i.test(String((error as Error)?.message));
/** Another writer on the same database (the webhook listener beside `--reconcile`) committed a row this
 * landing also inserts, or touched the same rows, first: DuckDB refuses the later commit. */
const isConcurrentWrite = (error: unknown): boolean => isDuplicateKey(error) || /conflict/i.test(String((error as Error)?.message));
/** Landings retried after a concurrent writer won, each after a short wait (the listener commits in ms). */
const CONCURRENT_RETRIES = 5;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface TypeCount {
  t: string | null;
  n: number;
  roots: number;
  newest: string | null;
}

export class DuckDbRawWriter implements RawWriter {
  private readonly filled = new Set<RawTableName>();

  private constructor(
    private readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly schema: string,
    readonly apiVersion: string,
    private readonly keepLinesBelowBytes: number,
    private readonly landingThreads: number,
  ) {}

  // The instance is the process-wide one per file the runner's adapter shares: a sync run inside
  // `clv listen --reconcile` or beside a build must see (and not fight over) the same database.
  // `keepLinesBelowBytes`: files smaller than this are staged whole (tests set 0 to cover the large-file mode).
  // `landingThreads`: DuckDB threads while a file of at least that size lands (0: the instance's setting).
  static async open(
    path: string,
    options: { schema: string; apiVersion: string; keepLinesBelowBytes?: number; landingThreads?: number },
  ): Promise<DuckDbRawWriter> {
    const file = path === ':memory:' ? path : resolve(path);
    const instance = await acquireInstance(file);
    const conn = await instance.connect();
    const keep = options.keepLinesBelowBytes ?? KEEP_LINES_BELOW_BYTES;
    return new DuckDbRawWriter(file, instance, conn, options.schema, options.apiVersion, keep, options.landingThreads ?? LANDING_THREADS);
  }

  private get s(): string {
    return quoteIdent(this.schema);
  }

  async ensureTables(): Promise<void> {
    const session = {
      run: (sql: string) => this.conn.run(sql),
      rows: async <T>(sql: string) => (await this.conn.runAndReadAll(sql)).getRowObjectsJson() as T[],
    };
    await ensureRawTables(session, this.schema);
  }

  private async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.conn.run('COMMIT');
      return result;
    } catch (error) {
      await this.conn.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async land(file: string, options: LandOptions = {}): Promise<LandResult> {
    const large = (await stat(file)).size >= this.keepLinesBelowBytes;
    return large && this.landingThreads > 0 ? this.withThreads(this.landingThreads, () => this.landOnce(file, options)) : this.landOnce(file, options);
  }

  /** `threads` is an instance-wide setting: set for the work, then put back. */
  private async withThreads<T>(threads: number, work: () => Promise<T>): Promise<T> {
    const [row] = (await this.conn.runAndReadAll(`SELECT current_setting('threads')::INTEGER AS n`)).getRowObjectsJson() as { n: number }[];
    const before = Number(row?.n);
    if (!before || before === threads) return work();
    await this.conn.run(`SET threads = ${threads}`);
    try {
      return await work();
    } finally {
      await this.conn.run(`SET threads = ${before}`);
    }
  }

  private async landOnce(file: string, options: LandOptions): Promise<LandResult> {
    try {
      return await this.transaction(() => this.stageAndLand(file, options, true));
    } catch (error) {
      // The fast path's key is checked when the landing commits: a repeated id then fails the commit.
      if (!(error instanceof DuplicateInFile) && !isConcurrentWrite(error)) throw error;
      this.filled.clear();
    }
    // The general routing dedupes the file itself (newest version per id), so a key it still collides on was
    // committed meanwhile by another writer: the rolled-back landing is simply done again, now upserting it.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transaction(() => this.stageAndLand(file, options, false));
      } catch (error) {
        if (attempt > CONCURRENT_RETRIES || !isConcurrentWrite(error)) throw error;
        await pause(20 * 2 ** attempt);
      }
    }
  }

  /**
   * One parse of the file, then either the backfill fast path (every table the file touches is empty and
   * every child's parent is in the file, as in a bulk file: plain INSERTs) or the general routing
   * (stored clocks, newer-wins upserts, orphaned children) for incremental pages into filled tables.
   * Large files stage only their routing keys (the fast path reads the lines from the file again); small
   * ones keep their lines, as the general routing needs them.
   */
  private async stageAndLand(file: string, options: LandOptions, tryFast: boolean): Promise<LandResult> {
    // Keys-only staging pays off only if the fast path can follow: some raw table must still be empty.
    let keepLines = !tryFast || (await stat(file)).size < this.keepLinesBelowBytes || !(await this.anyEmpty());
    for (const sql of stageBulkSql(file, keepLines)) await this.conn.run(sql);
    const byType = (await this.conn.runAndReadAll(bulkSummarySql())).getRowObjectsJson() as unknown as (TypeCount & { orphans: number; staged: number })[];
    const result = this.summarize(byType, options);
    const routes = ROUTES.filter((r) => result.rows[r.table]);
    if (tryFast && byType.every((r) => r.orphans === 0) && routes.every(fastRoutable) && (await this.allEmpty(routes.map((r) => r.table)))) {
      const inType = (route: (typeof routes)[number], pick: (r: TypeCount & { staged: number }) => number): boolean =>
        byType.some((r) => r.t !== null && route.typenames.includes(r.t) && pick(r) > 0);
      try {
        for (const route of routes) {
          for (const sql of recreateWithoutKeySql(this.schema, rawTable(route.table))) await this.conn.run(sql);
          const sources = { file: inType(route, (r) => r.n - r.staged) ? file : undefined, staged: inType(route, (r) => r.staged) };
          await this.conn.run(insertBulkSql(this.schema, route, this.apiVersion, sources));
          await this.conn.run(addPrimaryKeySql(this.schema, rawTable(route.table)));
        }
      } catch (error) {
        // A duplicate id (the primary key refuses it): roll back and route in general, which keeps the newest.
        if (isDuplicateKey(error)) throw new DuplicateInFile();
        throw error;
      }
      for (const route of routes) this.filled.add(route.table);
    } else {
      if (!keepLines) {
        keepLines = true;
        for (const sql of stageBulkSql(file, keepLines)) await this.conn.run(sql);
      }
      await this.conn.run(linesFromBulkStageSql());
      await this.conn.run(routeLinesSql(this.schema, this.apiVersion, false));
      // Orphan cleanup compares staged parents with stored ones, so it runs before the upserts.
      const children = RAW_TABLES.filter((table) => table.parent && result.rows[table.parent]);
      for (const sql of dropOrphanedChildrenSql(this.schema, children)) await this.conn.run(sql);
      for (const table of RAW_TABLES) {
        if (result.rows[table.name]) await this.conn.run(upsertSql(this.schema, table));
      }
      await this.conn.run('DROP TABLE IF EXISTS _clv_lines');
      await this.conn.run('DROP TABLE IF EXISTS _clv_routed');
    }
    if (options.state) {
      const { stream, cursor } = options.state;
      await this.conn.run(writeStateSql(this.schema, stream, typeof cursor === 'function' ? cursor(result) : cursor));
    }
    await this.conn.run(`DROP TABLE IF EXISTS ${BULK_STAGE}`);
    return result;
  }

  private async anyEmpty(): Promise<boolean> {
    const unknown = RAW_TABLES.map((t) => t.name).filter((t) => !this.filled.has(t));
    if (unknown.length === 0) return false;
    const rows = (await this.conn.runAndReadAll(emptyTargetsSql(this.schema, unknown))).getRowObjectsJson() as { tbl: RawTableName; empty: boolean }[];
    for (const r of rows) if (!r.empty) this.filled.add(r.tbl);
    return rows.some((r) => r.empty);
  }

  /** Tables known to hold rows stay filled (rows are flagged deleted, never removed), so only unknown ones are asked. */
  private async allEmpty(tables: RawTableName[]): Promise<boolean> {
    const unknown = tables.filter((t) => !this.filled.has(t));
    if (unknown.length < tables.length) return false;
    if (unknown.length === 0) return true;
    const rows = (await this.conn.runAndReadAll(emptyTargetsSql(this.schema, unknown))).getRowObjectsJson() as { tbl: RawTableName; empty: boolean }[];
    for (const r of rows) if (!r.empty) this.filled.add(r.tbl);
    return rows.every((r) => r.empty);
  }

  /** Counts per table from the staged lines, the root-count guard and the newest root clock. */
  private summarize(byType: TypeCount[], options: LandOptions): LandResult {
    const newest = byType.map((r) => r.newest).filter((v): v is string => v !== null).map((v) => Date.parse(v.replace(' ', 'T').replace(/\+00$/, 'Z')));
    const roots = byType.reduce((sum, r) => sum + r.roots, 0);
    if (options.expectRoots !== undefined && roots !== options.expectRoots) {
      throw new RootCountMismatch(`bulk file has ${roots} root rows but the operation reported rootObjectCount ${options.expectRoots}`);
    }
    const result: LandResult = { rows: {}, roots, total: 0 };
    if (newest.length > 0) result.newestRootUpdatedAt = new Date(Math.max(...newest)).toISOString().replace('.000Z', 'Z');
    for (const route of ROUTES) {
      const n = byType.filter((r) => r.t !== null && route.typenames.includes(r.t)).reduce((sum, r) => sum + r.n, 0);
      if (n > 0) result.rows[route.table] = n;
      result.total += n;
    }
    return result;
  }

  async refundsWithoutLines(): Promise<{ id: string; orderId: string }[]> {
    const rows = (await this.conn.runAndReadAll(refundsWithoutLinesSql(this.schema))).getRowObjectsJson() as { id: string; order_id: string }[];
    return rows.map((r) => ({ id: r.id, orderId: r.order_id }));
  }

  async readState(stream: string): Promise<unknown | undefined> {
    const rows = (await this.conn.runAndReadAll(
      `SELECT cursor::VARCHAR AS cursor FROM ${this.s}.${SYNC_STATE_TABLE} WHERE stream = ${quoteString(stream)}`,
    )).getRowObjectsJson() as { cursor: string | null }[];
    return rows[0]?.cursor ? JSON.parse(rows[0].cursor) : undefined;
  }

  async writeState(stream: string, cursor: unknown): Promise<void> {
    await this.conn.run(writeStateSql(this.schema, stream, cursor));
  }

  // Flags move `_synced_at` too: incremental staging models select changed rows by it, so a deletion
  // reaches the marts on the next build rather than at the next --full-refresh.
  async flagDeleted(table: RawTableName, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.transaction(async () => {
      const list = ids.map(quoteString).join(', ');
      const changed = await this.changed(`UPDATE ${this.s}.${quoteIdent(table)} SET is_deleted = true, _synced_at = now() WHERE id IN (${list}) AND NOT is_deleted`);
      await this.flagChildren(table);
      return changed;
    });
  }

  async reconcileIds(table: RawTableName, idsFile: string): Promise<{ flagged: number }> {
    return this.transaction(async () => {
      await this.conn.run(
        `CREATE OR REPLACE TEMP TABLE _clv_ids AS SELECT DISTINCT id FROM read_json(${quoteString(idsFile)}, format = 'newline_delimited', columns = {id: 'VARCHAR'})`,
      );
      const target = `${this.s}.${quoteIdent(table)}`;
      const flagged = await this.changed(
        `UPDATE ${target} SET is_deleted = true, _synced_at = now() WHERE NOT is_deleted AND id NOT IN (SELECT id FROM _clv_ids)`,
      );
      await this.conn.run(`UPDATE ${target} SET is_deleted = false, _synced_at = now() WHERE is_deleted AND id IN (SELECT id FROM _clv_ids)`);
      await this.flagChildren(table);
      await this.conn.run('DROP TABLE _clv_ids');
      return { flagged };
    });
  }

  /** Children of a deleted parent are gone at the source too. */
  private async flagChildren(table: RawTableName): Promise<void> {
    for (const child of RAW_TABLES.filter((t) => t.parent === table)) {
      const fk = foreignKeyTo(table);
      await this.conn.run(
        `UPDATE ${this.s}.${quoteIdent(child.name)} SET is_deleted = true, _synced_at = now()
         WHERE NOT is_deleted AND ${fk} IN (SELECT id FROM ${this.s}.${quoteIdent(table)} WHERE is_deleted)`,
      );
    }
  }

  private async changed(sql: string): Promise<number> {
    const reader = await this.conn.runAndReadAll(sql);
    const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
    return Number(rows[0]?.['Count'] ?? 0);
  }

  async counts(): Promise<Record<RawTableName, number>> {
    const sql = RAW_TABLES.map((t) => `SELECT ${quoteString(t.name)} AS t, count(*)::INTEGER AS n FROM ${this.s}.${quoteIdent(t.name)}`).join(' UNION ALL ');
    const rows = (await this.conn.runAndReadAll(sql)).getRowObjectsJson() as { t: RawTableName; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.t, r.n])) as Record<RawTableName, number>;
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    releaseInstance(this.path, this.instance);
  }
}
