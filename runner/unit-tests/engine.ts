// Where unit tests run. A unit test reads only its given rows (CTEs), so on a DuckDB target it runs on a
// private in-memory DuckDB — one per invocation, shared by all its unit tests — and never opens the target:
// `clv test --select test_type:unit` works before the database file exists and while another process
// holds its lock. On any other engine (Snowflake) the compiled SQL is that engine's dialect (dispatched
// macros, functions DuckDB may lack or spell differently), so, as in dbt, unit tests run on the target.
import type { Dialect, Warehouse } from '../adapters/adapter.js';
import { duckdbDialect } from '../adapters/duckdb/dialect.js';
import type { ExecutableNode } from '../manifest.js';
import type { ExecutionPlan } from '../run/types.js';

/** Whether the target's compiled SQL is DuckDB's own, so an in-memory DuckDB gives the target's answer. */
export const runsInMemory = (dialect: Dialect): boolean => dialect.name === duckdbDialect.name;

export const isUnitTest = (node: ExecutableNode | undefined): boolean => node?.resource_type === 'test' && node.unit_test !== undefined;

/** A Warehouse that opens on first use: what a plan of unit tests alone gets, so the target stays closed. */
function lazyWarehouse(dialect: Dialect, open: () => Promise<Warehouse>): Warehouse {
  let opened: Promise<Warehouse> | undefined;
  const get = () => (opened ??= open());
  return {
    dialect,
    acquire: async () => (await get()).acquire(),
    release: (connection) => {
      void get().then((w) => w.release(connection));
    },
    close: async () => {
      if (opened) await (await opened.catch(() => undefined))?.close();
    },
  };
}

export interface RunWarehouses {
  /** The target: opened now when some planned node needs it, else on first use (e.g. --defer). */
  target: Warehouse;
  /** The warehouse a node runs on when it is not the target (executor hook). */
  warehouseFor(node: ExecutableNode): Warehouse | undefined;
  close(): Promise<void>;
}

/**
 * The warehouses of one invocation. `open` opens the target; the in-memory DuckDB for unit tests is
 * created when the first unit test asks for a connection and closed with the rest.
 */
export async function openRunWarehouses(dialect: Dialect, plan: Pick<ExecutionPlan, 'nodes'>, nodes: Record<string, ExecutableNode>, open: () => Promise<Warehouse>, threads: number): Promise<RunWarehouses> {
  const inMemory = runsInMemory(dialect);
  const needsTarget = !inMemory || plan.nodes.some((p) => nodes[p.uniqueId] !== undefined && !isUnitTest(nodes[p.uniqueId]));
  const target = needsTarget ? await open() : lazyWarehouse(dialect, open);
  const unit = inMemory ? lazyWarehouse(dialect, async () => (await import('../adapters/duckdb/connection.js')).DuckDBWarehouse.open(':memory:', { threads })) : undefined;
  return {
    target,
    warehouseFor: (node) => (unit && isUnitTest(node) ? unit : undefined),
    close: async () => {
      try {
        await target.close();
      } finally {
        await unit?.close();
      }
    },
  };
}
