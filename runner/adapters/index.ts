// Adapters by target `type`. Adding an engine is one folder plus one line here.
import { UsageError } from '../errors.js';
import type { Adapter } from './adapter.js';
import { duckdbAdapter } from './duckdb/adapter.js';
import { snowflakeAdapter } from './snowflake/index.js';

// Each engine's module loads its driver only in open(), so registering them here costs nothing offline (and
// `clv compile` never loads DuckDB's bindings).
const adapters = new Map<string, Adapter>([duckdbAdapter, snowflakeAdapter].map((a) => [a.type, a]));

export function registerAdapter(adapter: Adapter): void {
  adapters.set(adapter.type, adapter);
}

export function getAdapter(type: string): Adapter {
  const adapter = adapters.get(type);
  if (!adapter) {
    throw new UsageError(`no adapter for target type '${type}'`, {
      hint: `Known target types: ${[...adapters.keys()].join(', ')}.`,
    });
  }
  return adapter;
}

export function adapterTypes(): string[] {
  return [...adapters.keys()];
}
