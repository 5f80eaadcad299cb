// RawWriter on Snowflake through the runner's Snowflake adapter (one driver session). A landing file is
// routed locally (snowflake-route.ts), PUT as one gzip JSONL file to a temporary stage and COPied into a
// temporary table; then, in one transaction, children inherit stored clocks, orphaned children go, every
// raw table is MERGEd by id (newer updated_at wins) and the stream checkpoint is saved, so replaying a file
// changes nothing and a crash never leaves rows without their checkpoint. The driver is loaded and the
// session opened on first use, so a bad Shopify token fails before any Snowflake login.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Warehouse } from '../../runner/adapters/adapter.js';
import type { SnowflakeSession } from '../../runner/adapters/snowflake/connection.js';
import { snowflakeAdapter } from '../../runner/adapters/snowflake/index.js';
import { copyFiles } from '../../runner/adapters/snowflake/load.js';
import { LocalRouter } from './snowflake-route.js';
import * as sql from './snowflake-sql.js';
import { RAW_TABLES, type RawTableName } from './tables.js';
import type { LandOptions, LandResult, RawWriter } from './writer.js';

export interface SnowflakeWriterOptions {
  /** Resolved target block (type snowflake) from project.yml; credentials fall back to SNOWFLAKE_*. */
  target: Record<string, unknown>;
  projectRoot: string;
  /** Schema of the raw tables, in the target's database unless `database` is given. */
  schema: string;
  database?: string;
  apiVersion: string;
}

export class SnowflakeRawWriter implements RawWriter {
  private warehouse?: Warehouse;
  private session?: SnowflakeSession;
  private router?: LocalRouter;
  readonly scope: sql.Scope;

  constructor(private readonly options: SnowflakeWriterOptions) {
    const database = options.database ?? (typeof options.target['database'] === 'string' && options.target['database'] ? options.target['database'] : undefined);
    this.scope = { database, schema: options.schema };
  }

  private async connect(): Promise<SnowflakeSession> {
    if (!this.session) {
      this.warehouse ??= await snowflakeAdapter.open(this.options.target, { projectRoot: this.options.projectRoot, threads: 1 });
      this.session = (await this.warehouse.acquire()) as SnowflakeSession;
    }
    return this.session;
  }

  private async run(text: string, binds?: unknown[]) {
    return (await this.connect()).run(text, binds as never);
  }

  /** DML in one transaction (DDL commits implicitly in Snowflake, so scratch tables are made before). */
  private async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.run('begin');
    try {
      const result = await work();
      await this.run('commit');
      return result;
    } catch (error) {
      await this.run('rollback').catch(() => undefined);
      throw error;
    }
  }

  async ensureTables(): Promise<void> {
    for (const statement of sql.createTablesSql(this.scope)) await this.run(statement);
  }

  async land(file: string, options: LandOptions = {}): Promise<LandResult> {
    this.router ??= await LocalRouter.open(this.options.schema, this.options.apiVersion);
    const dir = mkdtempSync(join(tmpdir(), 'clv-sf-land-'));
    try {
      const { result, routedFile } = await this.router.route(file, dir, options);
      if (routedFile) {
        await this.run(sql.createRoutedSql(this.scope));
        await copyFiles(await this.connect(), sql.relation(this.scope, sql.ROUTED), [routedFile], { format: 'json' });
      }
      await this.transaction(async () => {
        if (routedFile) await this.apply(result);
        if (options.state) {
          const { stream, cursor } = options.state;
          await this.writeState(stream, typeof cursor === 'function' ? cursor(result) : cursor);
        }
      });
      if (routedFile) await this.run(sql.dropSql(this.scope, sql.ROUTED));
      return result;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  private async apply(result: LandResult): Promise<void> {
    const landed = (name: RawTableName) => Boolean(result.rows[name]);
    for (const parent of ['orders', 'products'] as const) {
      if (RAW_TABLES.some((t) => t.parent === parent && landed(t.name))) await this.run(sql.inheritClockSql(this.scope, parent));
    }
    // Orphan cleanup compares staged parents with stored ones, so it runs before the merges.
    for (const table of RAW_TABLES) {
      if (table.parent && landed(table.parent)) await this.run(sql.dropOrphanedChildrenSql(this.scope, table, landed(table.name)));
    }
    for (const table of RAW_TABLES) if (landed(table.name)) await this.run(sql.mergeSql(this.scope, table));
  }

  async refundsWithoutLines(): Promise<{ id: string; orderId: string }[]> {
    const { rows } = await this.run(sql.refundsWithoutLinesSql(this.scope));
    return rows.map((r) => ({ id: String(r.id), orderId: String(r.order_id) }));
  }

  async readState(stream: string): Promise<unknown | undefined> {
    const { rows } = await this.run(sql.readStateSql(this.scope), [stream]);
    const text = rows[0]?.cursor;
    return typeof text === 'string' && text ? JSON.parse(text) : undefined;
  }

  async writeState(stream: string, cursor: unknown): Promise<void> {
    await this.run(sql.writeStateSql(this.scope), [stream, JSON.stringify(cursor ?? null)]);
  }

  async flagDeleted(table: RawTableName, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    await this.run(sql.createIdsSql(this.scope));
    // Array binds (INSERT only); the driver stages them itself past its binding threshold.
    await this.run(`insert into ${sql.relationText(this.scope, sql.IDS)} (id) values (?)`, ids.map((id) => [id]));
    return this.flag(table, async () => (await this.run(sql.flagIdsSql(this.scope, table))).rowsAffected ?? 0);
  }

  async reconcileIds(table: RawTableName, idsFile: string): Promise<{ flagged: number }> {
    await this.run(sql.createIdsSql(this.scope));
    await copyFiles(await this.connect(), sql.relation(this.scope, sql.IDS), [idsFile], { format: 'json' });
    const flagged = await this.flag(table, async () => {
      const [missing, present] = sql.flagMissingSql(this.scope, table);
      const changed = (await this.run(missing!)).rowsAffected ?? 0;
      await this.run(present!);
      return changed;
    });
    return { flagged };
  }

  private async flag(table: RawTableName, work: () => Promise<number>): Promise<number> {
    const changed = await this.transaction(async () => {
      const n = await work();
      for (const statement of sql.flagChildrenSql(this.scope, table)) await this.run(statement);
      return n;
    });
    await this.run(sql.dropSql(this.scope, sql.IDS));
    return changed;
  }

  async counts(): Promise<Record<RawTableName, number>> {
    const { rows } = await this.run(sql.countsSql(this.scope));
    return Object.fromEntries(rows.map((r) => [String(r.t), Number(r.n)])) as Record<RawTableName, number>;
  }

  async close(): Promise<void> {
    this.router?.close();
    if (this.session) this.warehouse?.release(this.session);
    await this.warehouse?.close();
    this.session = undefined;
    this.warehouse = undefined;
  }
}
