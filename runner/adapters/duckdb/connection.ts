// The DuckDB engine handle: one DuckDBInstance per database file and a bounded pool of its connections
// (one per worker thread). Statements are DuckDB's own; errors come back as DatabaseError with the
// engine's message so the run results can show it verbatim.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection, DuckDBResultReader } from '@duckdb/node-api';
import { DuckDBInstance, ResultReturnType } from './bindings.js';
import { DatabaseError } from '../../errors.js';
import type { Column, ColumnarResult, ColumnBatch, Connection, QueryResult, Row, Warehouse } from '../adapter.js';
import type { RelationRef } from '../../manifest.js';
import { createTableFromColumns } from './append-columns.js';
import { plain, readColumns } from './read-columns.js';
import { duckdbDialect } from './dialect.js';

/** The engine's message verbatim, as a DatabaseError the run results show. */
async function engine<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new DatabaseError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** DuckDB reports DML counts as rowsChanged, but CREATE TABLE AS returns a one-row `Count` result. */
function rowsAffected(reader: DuckDBResultReader, rows: Row[]): number | undefined {
  if (reader.returnType === ResultReturnType.CHANGED_ROWS) return reader.rowsChanged;
  const names = reader.columnNames();
  if (names.length === 1 && names[0] === 'Count' && rows.length === 1) return Number(rows[0]!.Count);
  return undefined;
}

export class DuckDBSession implements Connection {
  constructor(private readonly connection: DuckDBConnection) {}

  async execute(sql: string): Promise<QueryResult> {
    const reader: DuckDBResultReader = await engine(() => this.connection.runAndReadAll(sql));
    const names = reader.columnNames();
    const types = reader.columnTypes();
    const columns: Column[] = names.map((name, i) => ({ name, dataType: String(types[i]) }));
    const rows = reader.getRowObjectsJS().map((row) => {
      const out: Row = {};
      for (const key of Object.keys(row)) out[key] = plain(row[key]);
      return out;
    });
    return { rows, columns, rowsAffected: rowsAffected(reader, rows) };
  }

  executeColumns(sql: string): Promise<ColumnarResult> {
    return engine(() => readColumns(this.connection, sql));
  }

  createTableFromColumns(relation: RelationRef, batch: ColumnBatch): Promise<{ rowsAffected: number; statements: string[] }> {
    return engine(() => createTableFromColumns(this.connection, relation, batch));
  }

  async close(): Promise<void> {
    this.connection.closeSync();
  }
}

/** One DuckDBInstance per database file in this process: DuckDB locks the file per instance, so two
 * concurrent invocations (a webhook-triggered run during `clv demo`) must share it. Reference-counted. */
const instances = new Map<string, { instance: Promise<DuckDBInstance>; refs: number }>();

export async function acquireInstance(path: string): Promise<DuckDBInstance> {
  if (path === ':memory:') return DuckDBInstance.create(path);
  let entry = instances.get(path);
  if (!entry) {
    entry = { instance: DuckDBInstance.create(path), refs: 0 };
    instances.set(path, entry);
    entry.instance.catch(() => instances.delete(path));
  }
  entry.refs++;
  return entry.instance;
}

export function releaseInstance(path: string, instance: DuckDBInstance): void {
  const entry = instances.get(path);
  if (path === ':memory:' || !entry) {
    instance.closeSync();
    return;
  }
  if (--entry.refs === 0) {
    instances.delete(path);
    instance.closeSync();
  }
}

export class DuckDBWarehouse implements Warehouse {
  readonly dialect = duckdbDialect;
  private readonly idle: DuckDBSession[] = [];
  private readonly all: DuckDBSession[] = [];
  private readonly waiting: ((session: DuckDBSession) => void)[] = [];

  private constructor(
    private readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly maxConnections: number,
    private readonly setup: string[],
  ) {}

  /** `path` is absolute or ':memory:'. `setup` statements run on every new connection (settings). */
  static async open(path: string, options: { threads: number; setup?: string[] }): Promise<DuckDBWarehouse> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await acquireInstance(path);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new DatabaseError(`cannot open DuckDB database ${path}: ${message}`, {
        cause: error,
        hint: 'Another process (a DuckDB CLI, a BI tool) may hold the file lock; close it and retry.',
      });
    }
    return new DuckDBWarehouse(path, instance, Math.max(1, options.threads), options.setup ?? []);
  }

  async acquire(): Promise<DuckDBSession> {
    const free = this.idle.pop();
    if (free) return free;
    if (this.all.length < this.maxConnections) {
      const session = new DuckDBSession(await this.instance.connect());
      this.all.push(session);
      for (const statement of this.setup) await session.execute(statement);
      return session;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(connection: Connection): void {
    const session = connection as DuckDBSession;
    const next = this.waiting.shift();
    if (next) next(session);
    else this.idle.push(session);
  }

  async close(): Promise<void> {
    for (const session of this.all) await session.close();
    this.all.length = 0;
    this.idle.length = 0;
    releaseInstance(this.path, this.instance);
  }
}
