// "Compile right before running", as dbt does for nodes whose templates read the warehouse (run_query,
// dbt_utils.get_column_values, adapter.get_columns_in_relation...): answer what the render asked on the
// node's own connection (its parents are built by now), render again with the answers, and repeat while the
// render asks for more (a query built from an earlier answer). A query built from a stand-in may fail: that
// is only an error if the final render still uses it.
import { ClvError, ProjectError } from '../errors.js';
import type { Connection, Dialect } from '../adapters/adapter.js';
import type { ExecutableNode } from '../manifest.js';
import type { Rerendered } from '../compile/introspection/rerender.js';
import { describeRequest, requestKey, type Answer, type IntrospectionRequest } from '../compile/introspection/requests.js';

/** dbt renders once; a macro whose query depends on an earlier query's answer needs one round per step. */
export const MAX_ROUNDS = 5;

export interface IntrospectContext {
  connection: Connection;
  dialect: Dialect;
  /** The node rendered with `answers` (compile/introspection/rerender.ts: renderWithAnswers). */
  render(answers: ReadonlyMap<string, Answer>): Rerendered;
}

export async function introspectNode(node: ExecutableNode, context: IntrospectContext): Promise<ExecutableNode> {
  const answers = new Map<string, Answer>();
  // The executor keeps only an error's message as the node's result: name the file and say what to do in it.
  const fail = (message: string, hint?: string): never => {
    throw new ProjectError(`${node.original_file_path}: ${message}${hint ? `\n  ${hint}` : ''}`, { location: { file: node.original_file_path } });
  };
  for (let round = 1; ; round++) {
    let rendered: Rerendered;
    try {
      rendered = context.render(answers);
    } catch (error) {
      throw error instanceof ClvError ? new ProjectError(error.format(), { location: error.location }) : error;
    }
    if (rendered.pending.length > 0 && round <= MAX_ROUNDS) {
      for (const { asked, runnable } of rendered.pending) answers.set(requestKey(asked), await answer(context, runnable));
      continue;
    }
    if (rendered.pending.length > 0) {
      fail(`${node.name} still asked the warehouse for new data after ${MAX_ROUNDS} rounds (last: ${describeRequest(rendered.pending[0]!.runnable)})`,
        'A query built from the answer of another can go a few levels deep, not more: compute the values in one query.');
    }
    if (rendered.answerErrors.length > 0) {
      fail(`${node.name} reads the warehouse while compiling, and this failed: ${rendered.answerErrors[0]}`,
        `Fix the query, or build what it reads first (\`clv build --select +${node.name}\`); a relation it reads should be a ref() of the model, so it is built before.`);
    }
    if (rendered.error !== undefined) {
      fail(`${node.name} failed to render with the warehouse's answers: ${rendered.error}`);
    }
    return rendered.node;
  }
}

/** One request answered, or the warehouse's refusal as data (the next render decides whether it matters). */
async function answer(context: IntrospectContext, request: IntrospectionRequest): Promise<Answer> {
  const { connection, dialect } = context;
  try {
    if (request.kind === 'query') {
      const result = await connection.execute(request.sql);
      return { kind: 'query', columns: result.columns, rows: result.rows.map((row) => result.columns.map((column) => row[column.name])) };
    }
    if (request.kind === 'relation') {
      const listing = await connection.execute(dialect.listRelationsSql(request.relation));
      const found = listing.rows.find((row) => String(row.name).toLowerCase() === request.relation.identifier.toLowerCase());
      return { kind: 'relation', type: found ? (found.kind === 'view' ? 'view' : 'table') : null };
    }
    const columns = await connection.execute(dialect.columnsSql(request.relation));
    return { kind: 'columns', columns: columns.rows.map((row) => ({ name: String(row.name), dataType: String(row.data_type) })) };
  } catch (error) {
    return { kind: 'error', message: `${describeRequest(request)}\n  -> ${error instanceof Error ? error.message : String(error)}` };
  }
}
