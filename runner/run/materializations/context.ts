// What a materialization gets to work with: one session, the dialect, the run's relation catalog and a
// recorder of the statements it sends (they become target/run/**.sql).
import type { ExecutableNode, Manifest, RelationRef } from '../../manifest.js';
import type { Column, Connection, Dialect, QueryResult } from '../../adapters/adapter.js';
import type { RelationCatalog } from '../relations.js';
import type { BatchResults, MicrobatchRequest } from '../../microbatch/types.js';

export interface MaterializeContext {
  node: ExecutableNode;
  connection: Connection;
  dialect: Dialect;
  relations: RelationCatalog;
  fullRefresh: boolean;
  projectRoot: string;
  /** Every statement this node sent, in order. */
  statements: string[];
  /** clv: the run's manifest, for TypeScript models (ref relations, vars, target). */
  manifest?: Manifest;
  /** clv microbatch hook: the invocation's event-time window / batches to rerun. */
  microbatch?: MicrobatchRequest;
  /** The columns of a relation on the target (empty when it does not exist): unit tests run elsewhere. */
  targetColumns?: (relation: RelationRef) => Promise<Column[]>;
}

export interface MaterializeOutcome {
  /** 'error' / 'partial success' only from microbatch, whose failed batches are data (batchResults) rather
   * than a throw. */
  status: 'success' | 'pass' | 'warn' | 'fail' | 'error' | 'partial success';
  message: string;
  rowsAffected?: number;
  failures?: number;
  batchResults?: BatchResults;
}

export async function run(ctx: MaterializeContext, sql: string): Promise<QueryResult> {
  ctx.statements.push(sql);
  return ctx.connection.execute(sql);
}

/** Best effort cleanup after a failure: the original error is what the user needs to see. */
export async function tryRun(ctx: MaterializeContext, sql: string): Promise<void> {
  try {
    await run(ctx, sql);
  } catch {
    /* keep the first error */
  }
}

/** Runs `statements` in one transaction when the engine allows DDL in transactions. */
export async function atomically(ctx: MaterializeContext, statements: string[]): Promise<QueryResult[]> {
  if (!ctx.dialect.transactionalDdl) {
    const results: QueryResult[] = [];
    for (const sql of statements) results.push(await run(ctx, sql));
    return results;
  }
  return inTransaction(ctx, statements);
}

/**
 * Changes a relation's rows (`dml`: delete + insert, merge, update + insert) after the DDL that prepares it
 * (`ddl`: new columns), all or nothing. One transaction where DDL is transactional; where DDL commits
 * implicitly (Snowflake) the DDL runs first on its own (an added nullable column is harmless if the rest
 * fails, and the next run finds it there) and the data changes still share one transaction, so a failed
 * insert never leaves its delete done. Results are in statement order, DDL first.
 */
export async function atomicWrite(ctx: MaterializeContext, ddl: string[], dml: string[]): Promise<QueryResult[]> {
  if (ctx.dialect.transactionalDdl) return inTransaction(ctx, [...ddl, ...dml]);
  const results: QueryResult[] = [];
  for (const sql of ddl) results.push(await run(ctx, sql));
  return [...results, ...(await inTransaction(ctx, dml))];
}

async function inTransaction(ctx: MaterializeContext, statements: string[]): Promise<QueryResult[]> {
  await run(ctx, ctx.dialect.beginTransaction());
  try {
    const results: QueryResult[] = [];
    for (const sql of statements) results.push(await run(ctx, sql));
    await run(ctx, ctx.dialect.commit());
    return results;
  } catch (error) {
    await tryRun(ctx, ctx.dialect.rollback());
    throw error;
  }
}

/** A model's SELECT as the user wrote it may end with `;` (fine in a SQL console), which would break the
 * `create ... as (<select>)` wrapper. */
export const selectBody = (sql: string): string => sql.replace(/[\s;]+$/, '');

/** A relation's columns in ordinal order (Snowflake may answer with upper-case column names). */
export async function describeColumns(ctx: MaterializeContext, relation: RelationRef): Promise<Column[]> {
  const result = await run(ctx, ctx.dialect.columnsSql(relation));
  return result.rows.map((row) => ({ name: String(row.name ?? row.NAME), dataType: String(row.data_type ?? row.DATA_TYPE) }));
}
