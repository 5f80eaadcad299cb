// The engine's floor for a build: the exact statements a `clv build` sent (target/run/, in the order
// run_results.json lists them) replayed one after another on one bare DuckDB connection into a fresh copy of
// the same raw store: no runner, no planner, no logging, no parallel nodes. What is left between the build's
// wall time and this floor is all the framework could still remove; the floor itself is DuckDB's own work.
// TypeScript models cannot run bare: their output is copied from the built database untimed, and their own
// time (fitting) is reported apart from run_results.
import { existsSync, readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

interface RunResult {
  unique_id: string;
  execution_time: number;
  compiled_path: string | null;
}

export interface EngineFloor {
  /** Seconds to run every SQL node's statements serially on a bare connection. */
  sqlS: number;
  /** Sum of the TypeScript models' execution times in the build's run_results. */
  typescriptS: number;
  /** Sum of the SQL nodes' execution times in the build's run_results (overlapping when threads > 1). */
  runnerSqlS: number;
}

const sqlString = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** `fresh` is a copy of the raw store the build started from, attached under the built file's catalog name
 * (views and tables in the run files name their catalog by the file stem). */
export async function engineFloor(targetPath: string, fresh: string, built: string): Promise<EngineFloor> {
  const results = (JSON.parse(readFileSync(`${targetPath}/run_results.json`, 'utf8')) as { results: RunResult[] }).results;
  const instance = await DuckDBInstance.create(fresh);
  const conn = await instance.connect();
  const floor: EngineFloor = { sqlS: 0, typescriptS: 0, runnerSqlS: 0 };
  try {
    await conn.run(`attach ${sqlString(built)} as built_copy (read_only)`);
    // the runner creates schemas apart from the run files (once per schema, not timed there either)
    const schemas = await conn.runAndReadAll(`select schema_name from duckdb_schemas() where database_name = 'built_copy'`);
    for (const row of schemas.getRowObjectsJson()) await conn.run(`create schema if not exists ${quoted(String(row['schema_name']))}`);
    for (const result of results) {
      const runFile = result.compiled_path?.replace('/compiled/', '/run/');
      if (!runFile || result.compiled_path!.includes('.ts/') || !existsSync(runFile)) {
        // seeds and TypeScript models: their relation as built, copied untimed
        const relation = await builtRelation(conn, result.unique_id);
        if (relation) await conn.run(`create or replace table ${relation} as select * from built_copy.${relation}`);
        if (result.compiled_path?.includes('.ts/')) floor.typescriptS += result.execution_time;
        continue;
      }
      const sql = readFileSync(runFile, 'utf8');
      const started = performance.now();
      await conn.runAndReadAll(sql);
      floor.sqlS += (performance.now() - started) / 1000;
      floor.runnerSqlS += result.execution_time;
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return floor;
}

/** schema.table of a seed or TypeScript model in the built database (its name is the id's last part). */
async function builtRelation(conn: Awaited<ReturnType<DuckDBInstance['connect']>>, uniqueId: string): Promise<string | undefined> {
  if (!/^(seed|model)\./.test(uniqueId)) return undefined;
  const name = uniqueId.split('.').pop()!;
  const reader = await conn.runAndReadAll(
    `select schema_name from duckdb_tables() where database_name = 'built_copy' and table_name = ${sqlString(name)} limit 1`,
  );
  const schema = reader.getRowObjectsJson()[0]?.['schema_name'];
  if (typeof schema !== 'string') return undefined;
  return `${quoted(schema)}.${quoted(name)}`;
}
