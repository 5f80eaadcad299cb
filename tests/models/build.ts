// Builds the repository's clv project into a given DuckDB file through the real CLI (dist/, built by
// `npm test`), and reads results back with DuckDB.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const run = promisify(execFile);
export const REPO = path.resolve(import.meta.dirname, '../..');

/** Artifacts of builds into `dbPath` go beside it, so test files building at once never share the repo's target/. */
export const targetPathOf = (dbPath: string): string => path.join(path.dirname(dbPath), 'target');

export async function clv(dbPath: string, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [path.join(REPO, 'bin/clv.js'), ...args, '--project-dir', REPO, '--target-path', targetPathOf(dbPath)], {
    env: { ...process.env, CLV_DUCKDB_PATH: dbPath },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

export async function query<T = Record<string, unknown>>(dbPath: string, sql: string): Promise<T[]> {
  // Close connection and instance before returning: the next `clv build` needs the file lock.
  const instance = await DuckDBInstance.create(dbPath);
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as T[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
