// run_query(), statement()/load_result(), adapter.get_relation() & co inside templates. Compile does no I/O:
// a call the render's answers (RenderInput.answers) do not cover is recorded in RenderOutput.requests and
// gets a stand-in (an empty table, no relation, no columns), as dbt's parse phase gets nothing either. The
// runner answers the requests on the node's connection and renders the node again (runner/run/introspect.ts).
import type { ColumnTypeRules } from '../../adapters/adapter.js';
import type { RelationRef } from '../../manifest.js';
import { agateTable, placeholderTable, type AgateTable } from '../introspection/agate.js';
import { relationColumn, type RelationColumn } from '../introspection/columns.js';
import { requestKey, type Answer, type Answers, type IntrospectionRequest } from '../introspection/requests.js';
import { param, splitArgs } from './kwargs.js';
import { LiteralRelation } from './relation.js';

/** The render state the calls read and record into (a subset of context.ts's Current). */
export interface IntrospectionState {
  input: { resourceType: string; file: string; answers?: Answers };
  out: { requests?: IntrospectionRequest[]; answerErrors?: string[] };
  /** statement name -> what load_result(name) returns. */
  statements: Map<string, LoadResult | null>;
}

export interface LoadResult {
  response: { code: string; rows_affected: number; _message: string };
  data: unknown[][];
  table: AgateTable;
}

export interface IntrospectionDeps {
  state(): IntrospectionState | undefined;
  fail(message: string, hint?: string): never;
  quote(name: string): string;
  renderRelation(relation: RelationRef): string;
  defaultDatabase?: string;
  /** The engine's Column type rules (its adapter's dialect); default dbt's base Column. */
  columnTypeRules?: ColumnTypeRules;
}

export function introspectionGlobals(deps: IntrospectionDeps) {
  const { fail } = deps;
  const introspecting = (what: string): IntrospectionState => {
    const state = deps.state();
    if (!state) return fail(`${what} can only be used while rendering a model or test`);
    if (!state.input.answers) {
      return fail(
        `${what} reads the warehouse while compiling, which clv supports in models and singular tests, not in this ${state.input.resourceType === 'test' ? 'generic test' : 'place'} (${state.input.file})`,
        'Move the query into a model (dbt_utils.get_column_values & co work there), or pass the values in with --vars.',
      );
    }
    return state;
  };

  /** The answer to `request`, or undefined (recorded as a request, or as a failure the final render must not need). */
  const ask = <K extends Answer['kind']>(state: IntrospectionState, request: IntrospectionRequest, kind: K): Extract<Answer, { kind: K }> | undefined => {
    const answer = state.input.answers!.get(requestKey(request));
    if (answer === undefined) {
      const requests = (state.out.requests ??= []);
      if (!requests.some((r) => requestKey(r) === requestKey(request))) requests.push(request);
      return undefined;
    }
    if (answer.kind === 'error') {
      (state.out.answerErrors ??= []).push(answer.message);
      return undefined;
    }
    return answer.kind === kind ? (answer as Extract<Answer, { kind: K }>) : undefined;
  };

  const query = (state: IntrospectionState, sql: string): AgateTable => {
    const answer = ask(state, { kind: 'query', sql }, 'query');
    return answer ? agateTable(answer.columns, answer.rows) : placeholderTable();
  };

  // ref()/source()/this, api.Relation.create(), a relation from get_relation(): all expose these three.
  const relationOf = (value: unknown, what: string): RelationRef => {
    const relation = value as Partial<RelationRef> | null | undefined;
    if (!relation || typeof relation !== 'object' || !relation.identifier || !relation.schema) {
      return fail(`${what} needs a relation (ref('...'), source('...', '...'), this or api.Relation.create(...)), got ${String(value)}`);
    }
    return { database: relation.database ?? deps.defaultDatabase, schema: String(relation.schema), identifier: String(relation.identifier) };
  };

  const getRelation = (...args: unknown[]): LiteralRelation | null => {
    const state = introspecting('adapter.get_relation()');
    const call = splitArgs(args);
    const database = param(call, 0, 'database') as string | null | undefined;
    const relation: RelationRef = { database: database ?? deps.defaultDatabase, schema: String(param(call, 1, 'schema')), identifier: String(param(call, 2, 'identifier')) };
    const answer = ask(state, { kind: 'relation', relation }, 'relation');
    if (!answer?.type) return null;
    const found = new LiteralRelation(relation, deps.renderRelation);
    return Object.assign(found, { type: answer.type, is_table: answer.type === 'table', is_view: answer.type === 'view' });
  };

  const columnsIn = (value: unknown, what: string): RelationColumn[] => {
    const state = introspecting(what);
    const answer = ask(state, { kind: 'columns', relation: relationOf(value, what) }, 'columns');
    return (answer?.columns ?? []).map((column) => relationColumn(column, deps.quote, deps.columnTypeRules));
  };

  const loadRelation = (value: unknown) => {
    const relation = relationOf(value, 'load_relation()');
    return getRelation(relation.database ?? null, relation.schema, relation.identifier);
  };

  return {
    run_query: (...args: unknown[]): AgateTable => query(introspecting('run_query()'), String(param(splitArgs(args), 0, 'sql'))),
    // {% call statement('name', fetch_result=True) %}sql{% endcall %}: Nunjucks passes the body as `caller`.
    statement: (...args: unknown[]): string => {
      const state = introspecting('statement()');
      const call = splitArgs(args);
      const name = String(param(call, 0, 'name', 'statement'));
      const caller = call.kwargs.caller as (() => unknown) | undefined;
      const sql = caller ? String(caller()) : '';
      if (!sql.trim()) return '';
      const table = query(state, sql);
      const rows = table.rows.map((row) => [...row]);
      state.statements.set(name, { response: { code: 'SELECT', rows_affected: rows.length, _message: `SELECT ${rows.length}` }, data: rows, table });
      return '';
    },
    load_result: (name: unknown): LoadResult | null => introspecting('load_result()').statements.get(String(name)) ?? null,
    load_relation: loadRelation,
    adapter: {
      get_relation: getRelation,
      load_relation: loadRelation,
      get_columns_in_relation: (relation: unknown) => columnsIn(relation, 'adapter.get_columns_in_relation()'),
      // dbt: the columns of from_relation that to_relation lacks (by name, case-insensitively).
      get_missing_columns: (from: unknown, to: unknown) => {
        const target = new Set(columnsIn(to, 'adapter.get_missing_columns()').map((column) => column.name.toLowerCase()));
        return columnsIn(from, 'adapter.get_missing_columns()').filter((column) => !target.has(column.name.toLowerCase()));
      },
    },
  };
}
