// The `ctx` a TypeScript model's run() receives: upstream relations, SQL on the node's own session, vars,
// target, incremental state and a warning channel. Everything it sends is recorded like SQL statements.
import type { AnyNode, ModelNode, Manifest, RelationRef } from '../../manifest.js';
import type { ModelColumns, ModelContext, ModelRow, RelationHandle } from '../../typescript-model.js';
import { run, type MaterializeContext } from '../materializations/context.js';
import { toModelColumns, transpose } from './columns.js';

/** Snowflake returns unquoted identifiers upper-cased; models see the lower-case names they wrote. */
function normalise(row: ModelRow): ModelRow {
  const keys = Object.keys(row);
  if (!keys.some((k) => /[A-Z]/.test(k) && k === k.toUpperCase())) return row;
  const out: ModelRow = {};
  for (const key of keys) out[key === key.toUpperCase() ? key.toLowerCase() : key] = row[key];
  return out;
}

export interface ModelRunState {
  warnings: string[];
  infos: string[];
}

export function modelContext(ctx: MaterializeContext, node: ModelNode, manifest: Manifest, isIncremental: boolean, state: ModelRunState): ModelContext {
  const query = async (sql: string): Promise<ModelRow[]> => (await run(ctx, sql)).rows.map(normalise);
  const queryColumns = async (sql: string): Promise<ModelColumns> => {
    const { connection } = ctx;
    if (!connection.executeColumns) return toModelColumns(transpose(await run(ctx, sql)));
    ctx.statements.push(sql);
    return toModelColumns(await connection.executeColumns(sql));
  };
  const handle = (relation: RelationRef): RelationHandle => {
    const text = ctx.dialect.renderRelation(relation);
    const withThis = (sql: string) => sql.replace(/\{\{\s*this\s*\}\}/g, text);
    return {
      relation: text,
      toString: () => text,
      rows: () => query(`select * from ${text}`),
      query: (sql) => query(withThis(sql)),
      columns: (sql = 'select * from {{ this }}') => queryColumns(withThis(sql)),
    };
  };
  const upstream: AnyNode[] = node.depends_on.nodes.map((id): AnyNode | undefined => manifest.nodes[id] ?? manifest.sources[id]).filter((n): n is AnyNode => n !== undefined);
  return {
    ref(name) {
      const target = upstream.find((n) => n.resource_type !== 'source' && n.name === name);
      if (!target || !('relation' in target)) {
        throw new Error(`ctx.ref('${name}') is not among the refs of ${node.name}: add '${name}' to its refs: [...] so the DAG builds it first`);
      }
      return handle(target.relation);
    },
    source(sourceName, tableName) {
      const target = upstream.find((n) => n.resource_type === 'source' && n.source_name === sourceName && n.name === tableName);
      if (!target || target.resource_type !== 'source') {
        throw new Error(`ctx.source('${sourceName}', '${tableName}') is not among the sources of ${node.name}: add ['${sourceName}', '${tableName}'] to its sources: [...]`);
      }
      return handle(target.relation);
    },
    query,
    queryColumns,
    var<T>(name: string, ...fallback: [T?]): T {
      if (name in manifest.vars && manifest.vars[name] !== undefined) return manifest.vars[name] as T;
      if (fallback.length > 0) return fallback[0] as T;
      throw new Error(`required var '${name}' is not set (project.yml vars: or --vars) and ${node.name} gives no default`);
    },
    this: handle(node.relation),
    isIncremental,
    log: {
      warn: (message) => void state.warnings.push(String(message)),
      info: (message) => void state.infos.push(String(message)),
    },
    target: manifest.target,
  };
}
