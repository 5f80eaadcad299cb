// A fresh DuckDB file per test, in the OS temp folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBWarehouse } from '../../runner/adapters/duckdb/index.js';

export async function tempWarehouse(threads = 1): Promise<{ warehouse: DuckDBWarehouse; database: string; dispose: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'clv-run-'));
  const warehouse = await DuckDBWarehouse.open(join(dir, 'dev.duckdb'), { threads });
  return {
    warehouse,
    database: 'dev',
    dispose: async () => {
      await warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function query(warehouse: DuckDBWarehouse, sql: string): Promise<Record<string, unknown>[]> {
  const connection = await warehouse.acquire();
  try {
    return (await connection.execute(sql)).rows;
  } finally {
    warehouse.release(connection);
  }
}
