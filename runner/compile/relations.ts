// Where each node lands in the warehouse, following dbt's defaults: schema = target.schema, or
// `<target.schema>_<custom>` when config sets `schema` (generate_schema_name); identifier = alias or name;
// database = config database or target.database. A project macro generate_schema_name /
// generate_alias_name / generate_database_name overrides the default, as in dbt.
import type { NodeConfig, RelationRef } from '../manifest.js';
import type { ResolvedTarget } from '../project/types.js';

export type NamingMacro = (name: 'generate_schema_name' | 'generate_alias_name' | 'generate_database_name', args: unknown[]) => string | undefined;

export interface NamingInput {
  name: string;
  config: NodeConfig;
}

export function relationFor(node: NamingInput, target: ResolvedTarget, macro: NamingMacro | undefined): RelationRef {
  // A snapshot's legacy `target_schema` / `target_database` are used as written, without the naming macros.
  if (node.config.materialized === 'snapshot' && node.config.target_schema) {
    const database = (node.config.target_database as string | undefined) ?? target.database;
    const identifier = String(node.config.alias ?? node.name);
    return database === undefined ? { schema: String(node.config.target_schema), identifier } : { database, schema: String(node.config.target_schema), identifier };
  }
  const custom = node.config.schema ?? null;
  const schema = macro?.('generate_schema_name', [custom, node]) ?? (custom ? `${target.schema}_${String(custom).trim()}` : target.schema);
  const identifier = macro?.('generate_alias_name', [node.config.alias ?? null, node]) ?? String(node.config.alias ?? node.name);
  const database = macro?.('generate_database_name', [node.config.database ?? null, node]) ?? (node.config.database as string | undefined) ?? target.database;
  return database === undefined ? { schema, identifier } : { database, schema, identifier };
}
