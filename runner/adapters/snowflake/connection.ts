// One snowflake-sdk session as a runner Connection. execute() splits multi-statement text client-side and
// runs the pieces in order (temporary objects and `begin … commit` need one session); binds exist only on
// run() for the raw loader, never in model SQL. The driver's callbacks become promises here.
import snowflake from 'snowflake-sdk';
import type { Column, Connection, QueryResult, Row } from '../adapter.js';
import { toDatabaseError } from './errors.js';
import { splitStatements } from './split.js';
import { describeSettings, type SnowflakeSettings } from './target.js';
import { secretsOf } from './target.js';

export type Bind = snowflake.Bind;

// The driver logs at INFO to ./snowflake.log by default; the runner reports errors itself.
snowflake.configure({ logLevel: (process.env.CLV_SNOWFLAKE_LOG_LEVEL as snowflake.LogLevel) ?? 'OFF' });

/**
 * Snowflake reports unquoted aliases upper-cased (`count(*) as failures` → FAILURES). Runner code reads
 * result keys as written in lower case (as DuckDB returns them), so an all-upper plain name is lower-cased;
 * a quoted mixed-case alias keeps its spelling. Data values (e.g. column names from information_schema)
 * are left as stored.
 */
const resultKey = (name: string): string => (/^[A-Z_][A-Z0-9_$]*$/.test(name) ? name.toLowerCase() : name);

function normalizeRow(row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[resultKey(key)] = value;
  return out;
}

/** Session tag limit documented for QUERY_TAG. */
const MAX_TAG = 2000;

function connectionOptions(settings: SnowflakeSettings): snowflake.ConnectionOptions {
  return {
    account: settings.account,
    username: settings.user,
    authenticator: settings.authenticator,
    password: settings.password,
    privateKey: settings.privateKey,
    privateKeyPass: settings.privateKeyPass,
    token: settings.token,
    role: settings.role,
    warehouse: settings.warehouse,
    database: settings.database,
    schema: settings.schema,
    accessUrl: settings.accessUrl,
    application: 'clv',
    ...(settings.timeout ? { timeout: settings.timeout } : {}),
    ...(settings.retryTimeout ? { retryTimeout: settings.retryTimeout } : {}),
  } as snowflake.ConnectionOptions;
}

export class SnowflakeSession implements Connection {
  private constructor(
    private readonly connection: snowflake.Connection,
    private readonly secrets: string[],
  ) {}

  static async open(settings: SnowflakeSettings): Promise<SnowflakeSession> {
    const secrets = secretsOf(settings);
    let connection: snowflake.Connection;
    try {
      connection = snowflake.createConnection(connectionOptions(settings));
    } catch (error) {
      throw toDatabaseError(error, secrets);
    }
    // connectAsync() without a callback resolves even when login fails (reference §1): use the callback.
    await new Promise<void>((resolve, reject) => {
      connection.connect((error) => {
        if (error) {
          const failure = toDatabaseError(error, secrets);
          failure.message = `cannot log in to Snowflake as ${JSON.stringify(describeSettings(settings))}: ${failure.message}`;
          reject(failure);
        } else resolve();
      });
    });
    return new SnowflakeSession(connection, secrets);
  }

  async execute(sql: string): Promise<QueryResult> {
    const statements = splitStatements(sql);
    let result: QueryResult = { rows: [], columns: [] };
    for (const statement of statements) result = await this.run(statement);
    return result;
  }

  /** One statement, optionally with binds (`?` / `:1`; an array of rows for a bulk INSERT). */
  run(sqlText: string, binds?: snowflake.Binds): Promise<QueryResult> {
    return new Promise((resolve, reject) => {
      this.connection.execute({
        sqlText,
        binds,
        complete: (error, statement, rows) => {
          if (error) {
            reject(toDatabaseError(error, this.secrets, sqlText));
            return;
          }
          const columns: Column[] = (statement.getColumns() ?? []).map((c) => ({ name: resultKey(c.getName()), dataType: c.getType() }));
          const updated = statement.getNumUpdatedRows();
          // -1 means "not DML" in the driver.
          resolve({ rows: ((rows ?? []) as Row[]).map(normalizeRow), columns, ...(updated === undefined || updated < 0 ? {} : { rowsAffected: updated }) });
        },
      });
    });
  }

  async setQueryTag(tag: string | undefined): Promise<void> {
    if (tag === undefined) {
      await this.run('alter session unset query_tag');
      return;
    }
    const text = tag.slice(0, MAX_TAG).replace(/\\/g, '\\\\').replace(/'/g, "''");
    await this.run(`alter session set query_tag = '${text}'`);
  }

  isUp(): boolean {
    return this.connection.isUp();
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.connection.isUp()) return resolve();
      this.connection.destroy(() => resolve());
    });
  }
}
