// A loopback Snowflake wire-protocol emulator backed by DuckDB, for contract tests of the Snowflake adapter
// through the real snowflake-sdk. IT PROVES PROTOCOL HANDLING, NOT SNOWFLAKE SEMANTICS: login (password and
// key-pair JWT), query requests, JSON result encodings, errors, retries, query tags, binds and stage
// loading go over the same HTTP the driver uses against Snowflake, but the SQL runs on DuckDB, which accepts
// SQL Snowflake rejects and vice versa. Identifier upper-casing, NUMBER scale, RBAC and time travel are not
// emulated; VARIANT is only stored as DuckDB JSON (no `:` path access, no FLATTEN). Snowflake SQL correctness is checked offline (tests/snowflake-validate) and live.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { checkJwt, type EmulatedUser } from './auth.js';
import { bindRows, inlineBinds, type WireBind } from './binds.js';
import { toRowset } from './rowset.js';
import { classify, removeStage, type Action } from './statements.js';

export interface EmulatorOptions {
  account?: string;
  users: EmulatedUser[];
  /** Databases attached at start (Snowflake databases become DuckDB catalogs). */
  databases?: string[];
  /** Statements matching one of these fail with 003001 insufficient privileges (RBAC is not emulated). */
  denied?: RegExp[];
}

export interface ReceivedQuery {
  sessionId: string;
  requestId: string;
  sqlText: string;
  queryTag?: string;
  bindings?: Record<string, WireBind>;
}

interface Session {
  id: string;
  conn: DuckDBConnection;
  tag?: string;
}

type Json = Record<string, unknown>;

const STATEMENT_TYPE: [RegExp, number][] = [
  [/^insert\b/i, 0x3100], [/^update\b/i, 0x3200], [/^delete\b/i, 0x3300], [/^merge\b/i, 0x3400],
  [/^(select|with|show|describe|desc)\b/i, 0x1000], [/^(begin|commit|rollback)\b/i, 0x5000], [/^(alter\s+session|use)\b/i, 0x4000],
];

export class SnowflakeEmulator {
  readonly queries: ReceivedQuery[] = [];
  readonly logins: { user: string; authenticator: string; ok: boolean }[] = [];
  /** Every request body as received (decompressed), to prove secrets stay out of places they should not be. */
  readonly bodies: string[] = [];
  readonly stageRoot = mkdtempSync(join(tmpdir(), 'sf-emulator-stage-'));
  private readonly sessions = new Map<string, Session>();
  private failures: { status: number; remaining: number } = { status: 0, remaining: 0 };
  private server?: Server;
  private instance?: DuckDBInstance;
  url = '';

  constructor(readonly options: EmulatorOptions) {}

  get account(): string {
    return this.options.account ?? 'emulator';
  }

  async start(): Promise<string> {
    this.instance = await DuckDBInstance.create(':memory:');
    const setup = await this.instance.connect();
    for (const db of this.options.databases ?? []) await setup.run(`attach ':memory:' as ${db}`);
    setup.closeSync();
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  /** The next `count` query requests answer HTTP `status` (the driver must retry them). */
  failNextQueries(count: number, status = 503): void {
    this.failures = { status, remaining: count };
  }

  /** Run SQL directly on the backing DuckDB (test setup and assertions). */
  async duck(sql: string): Promise<Json[]> {
    const conn = await this.instance!.connect();
    try {
      return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Json[];
    } finally {
      conn.closeSync();
    }
  }

  async stop(): Promise<void> {
    for (const s of this.sessions.values()) s.conn.closeSync();
    this.sessions.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections?.();
    this.instance?.closeSync();
    rmSync(this.stageRoot, { recursive: true, force: true });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let raw = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip' && raw.length > 0) raw = gunzipSync(raw);
    const text = raw.toString('utf8');
    this.bodies.push(text);
    const body = (text ? JSON.parse(text) : {}) as Json;
    const url = new URL(req.url ?? '/', this.url);
    const send = (status: number, payload: Json) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (url.pathname === '/session/v1/login-request') return send(200, await this.login(body.data as Json));
    const token = /Token="([^"]+)"/.exec(String(req.headers.authorization ?? ''))?.[1];
    const session = token ? this.sessions.get(token) : undefined;
    if (url.pathname === '/queries/v1/query-request') {
      if (this.failures.remaining > 0) {
        this.failures.remaining--;
        this.queries.push({ sessionId: session?.id ?? '', requestId: url.searchParams.get('requestId') ?? '', sqlText: '<failed: HTTP ' + this.failures.status + '>' });
        return send(this.failures.status, { success: false, message: 'injected failure' });
      }
      if (!session) return send(401, { success: false, code: '390104', message: 'Invalid session token.' });
      return send(200, await this.query(session, body, url.searchParams.get('requestId') ?? ''));
    }
    if (url.pathname === '/session' && url.searchParams.get('delete') === 'true' && token && session) {
      session.conn.closeSync();
      this.sessions.delete(token);
    }
    return send(200, { success: true, code: null, message: null, data: {} });
  }

  private async login(data: Json): Promise<Json> {
    const name = String(data.LOGIN_NAME ?? '');
    const authenticator = String(data.AUTHENTICATOR ?? 'SNOWFLAKE');
    const user = this.options.users.find((u) => u.name.toUpperCase() === name.toUpperCase());
    const problem = !user
      ? 'no such user'
      : authenticator === 'SNOWFLAKE_JWT'
        ? checkJwt(String(data.TOKEN ?? ''), String(data.ACCOUNT_NAME ?? this.account), user)
        : user.password !== undefined && user.password === data.PASSWORD ? undefined : 'bad password';
    this.logins.push({ user: name, authenticator, ok: !problem });
    if (problem) {
      const jwt = authenticator === 'SNOWFLAKE_JWT';
      return { success: false, code: jwt ? '394304' : '390100', message: jwt ? `JWT token is invalid. [${problem}]` : 'Incorrect username or password was specified.', data: null };
    }
    const token = randomUUID();
    const conn = await this.instance!.connect();
    const session: Session = { id: String(this.sessions.size + 1), conn, tag: (data.SESSION_PARAMETERS as Json | undefined)?.QUERY_TAG as string | undefined };
    this.sessions.set(token, session);
    return {
      success: true, code: null, message: null,
      data: {
        token, masterToken: randomUUID(), validityInSeconds: 3600, masterValidityInSeconds: 14400, sessionId: Number(session.id),
        parameters: [{ name: 'CLIENT_STAGE_ARRAY_BINDING_THRESHOLD', value: 65280 }, { name: 'TIMEZONE', value: 'UTC' }],
        sessionInfo: { databaseName: null, schemaName: null, warehouseName: null, roleName: 'PUBLIC' },
      },
    };
  }

  private async query(session: Session, body: Json, requestId: string): Promise<Json> {
    const sqlText = String(body.sqlText ?? '');
    const bindings = body.bindings as Record<string, WireBind> | undefined;
    const parameters = body.parameters as Json | undefined;
    this.queries.push({ sessionId: session.id, requestId, sqlText, bindings, queryTag: (parameters?.QUERY_TAG as string | undefined) ?? session.tag });
    const queryId = randomUUID();
    if (this.options.denied?.some((re) => re.test(sqlText))) {
      return { success: false, code: '003001', message: "SQL access control error:\nInsufficient privileges to operate on schema 'MARTS'", data: { sqlState: '42501', queryId } };
    }
    let action: Action;
    try {
      action = classify(sqlText, this.stageRoot);
    } catch (error) {
      return { success: false, code: '001003', message: String(error), data: { sqlState: '42000', queryId } };
    }
    if (action.kind === 'put') {
      return { success: true, data: { command: 'UPLOAD', src_locations: [action.source], autoCompress: true, sourceCompression: 'auto_detect', parallel: 1, overwrite: true, stageInfo: { locationType: 'LOCAL_FS', location: action.stageDir, path: '' }, queryId } };
    }
    if (action.kind === 'get') {
      return { success: true, data: { command: 'DOWNLOAD', src_locations: action.files, localLocation: action.localDir, parallel: 1, overwrite: true, stageInfo: { locationType: 'LOCAL_FS', location: action.stageDir, path: '' }, queryId } };
    }
    if (action.kind === 'copy-json') action = await this.jsonCopy(session, action.table, action.files);
    if (action.kind === 'remove') removeStage(action.stageDir);
    if (action.kind === 'tag') session.tag = action.tag;
    if (action.kind === 'show-tag') return this.result(queryId, 0x1000, toRowset(['key', 'value', 'level'], ['VARCHAR', 'VARCHAR', 'VARCHAR'], [['QUERY_TAG', session.tag ?? '', session.tag ? 'SESSION' : '']]));
    if (action.kind !== 'duckdb') return this.result(queryId, 0x4000, toRowset(['status'], ['VARCHAR'], [['Statement executed successfully.']]));
    const type = STATEMENT_TYPE.find(([re]) => re.test(action.sql))?.[1] ?? 0x6000;
    try {
      let changed = 0;
      let last;
      for (let row = 0; row < bindRows(bindings); row++) {
        const sql = bindings ? inlineBinds(action.sql, bindings, row) : action.sql;
        last = await session.conn.runAndReadAll(sql);
        changed += Number(last.rowsChanged ?? 0);
      }
      if (type >= 0x3000 && type < 0x4000) return this.result(queryId, type, toRowset(['number of rows affected'], ['BIGINT'], [[changed]]));
      return this.result(queryId, type, toRowset(last!.columnNames(), last!.columnTypes().map(String), last!.getRowsJson() as unknown[][]));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const missing = /does not exist|not found/i.test(message);
      return { success: false, code: missing ? '002003' : '001003', message: `SQL compilation error:\n${message}`, data: { sqlState: missing ? '42S02' : '42000', queryId } };
    }
  }

  /** COPY … file_format = (type = json) match_by_column_name: each file key read with its target column's type. */
  private async jsonCopy(session: Session, table: string, files: string[]): Promise<Action> {
    const described = (await session.conn.runAndReadAll(`describe ${table}`)).getRowObjectsJson() as { column_name: string; column_type: string }[];
    const columns = described.map((c) => `${JSON.stringify(c.column_name.toLowerCase())}: '${c.column_type}'`).join(', ');
    const list = `[${files.map((f) => `'${f}'`).join(', ')}]`;
    return { kind: 'duckdb', sql: `insert into ${table} by name select * from read_json(${list}, format = 'newline_delimited', columns = {${columns}})` };
  }

  private result(queryId: string, statementTypeId: number, { rowtype, rowset }: ReturnType<typeof toRowset>): Json {
    return {
      success: true, code: null, message: null,
      data: { queryId, statementTypeId, rowtype, rowset, total: rowset.length, returned: rowset.length, queryResultFormat: 'json', parameters: [{ name: 'TIMEZONE', value: 'UTC' }] },
    };
  }
}
