// Adapters by target `type`. Adding an engine is one folder plus one line here.
import { UsageError } from '../errors.js';
import type { Adapter } from './adapter.js';
import { duckdbAdapter } from './duckdb/index.js';
import { snowflakeAdapter } from './snowflake/index.js';

// The Snowflake module loads its driver only in open(), so registering it here costs nothing offline.
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
