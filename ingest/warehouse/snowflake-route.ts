// Routing a landing file for Snowflake, done locally by an in-memory DuckDB with the same routing SQL the
// DuckDB writer uses (routes.ts → duckdb-sql.ts), so both warehouses route a line identically and the JSON
// is parsed by an engine, not row by row in Node. The result is one gzip JSONL file of routed rows that
// Snowflake loads with PUT + COPY INTO; what needs stored rows (inherited clocks, orphans, newer-wins)
// runs in Snowflake (snowflake-sql.ts).
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ROUTES } from './routes.js';
import { createTablesSql, quoteString, routeLinesSql, ROUTED_KEYS, stageLinesSql } from './duckdb-sql.js';
import { COMMON_COLUMNS } from './tables.js';
import { RootCountMismatch, type LandOptions, type LandResult } from './writer.js';

/** ISO 8601 with an explicit UTC offset: Snowflake's AUTO timestamp format reads it into TIMESTAMP_TZ. */
const iso = (column: string): string => `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%fZ') AS ${column}`;

const OUTPUT_COLUMNS = [
  'tbl',
  ...COMMON_COLUMNS.map(([name, type]) => (type === 'TIMESTAMPTZ' ? iso(name) : name)),
  ...ROUTED_KEYS.map((k) => `"${k}"`),
].join(', ');

export class LocalRouter {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly schema: string,
    private readonly apiVersion: string,
  ) {}

  /** The stored raw tables the routing SQL joins stay empty here: stored clocks are applied in Snowflake. */
  static async open(schema: string, apiVersion: string): Promise<LocalRouter> {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(`SET TimeZone = 'UTC'`);
    for (const sql of createTablesSql(schema)) await conn.run(sql);
    return new LocalRouter(instance, conn, schema, apiVersion);
  }

  /** Route `file` and write the routed rows to `<dir>/routed.jsonl.gz`. Nothing is written on a root mismatch. */
  async route(file: string, dir: string, options: LandOptions): Promise<{ result: LandResult; routedFile?: string }> {
    for (const sql of stageLinesSql(file)) await this.conn.run(sql);
    const byType = (await this.conn.runAndReadAll(
      `SELECT t, count(*)::INTEGER AS n, count(*) FILTER (WHERE parent IS NULL)::INTEGER AS roots,
              epoch_ms(max(CAST(updated AS TIMESTAMPTZ)) FILTER (WHERE parent IS NULL))::DOUBLE AS newest
       FROM _clv_lines GROUP BY t`,
    )).getRowObjectsJson() as { t: string | null; n: number; roots: number; newest: number | null }[];
    const roots = byType.reduce((sum, r) => sum + r.roots, 0);
    if (options.expectRoots !== undefined && roots !== options.expectRoots) {
      throw new RootCountMismatch(`bulk file has ${roots} root rows but the operation reported rootObjectCount ${options.expectRoots}`);
    }
    const result: LandResult = { rows: {}, roots, total: 0 };
    const newest = byType.map((r) => r.newest).filter((v): v is number => v !== null);
    if (newest.length > 0) result.newestRootUpdatedAt = new Date(Math.max(...newest)).toISOString().replace('.000Z', 'Z');
    for (const route of ROUTES) {
      const n = byType.filter((r) => r.t !== null && route.typenames.includes(r.t)).reduce((sum, r) => sum + r.n, 0);
      if (n > 0) result.rows[route.table] = n;
      result.total += n;
    }
    if (result.total === 0) return { result };
    await this.conn.run(routeLinesSql(this.schema, this.apiVersion, true));
    const routedFile = join(dir, 'routed.jsonl.gz');
    await this.conn.run(`COPY (SELECT ${OUTPUT_COLUMNS} FROM _clv_routed) TO ${quoteString(routedFile)} (FORMAT json, COMPRESSION gzip)`);
    await this.conn.run('DROP TABLE IF EXISTS _clv_lines');
    await this.conn.run('DROP TABLE IF EXISTS _clv_routed');
    return { result, routedFile };
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
