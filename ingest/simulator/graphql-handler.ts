// One Admin GraphQL request: parse, validate, price, charge the bucket, execute, answer with extensions.cost.
import { getVariableValues, GraphQLError, Kind, parse, validate, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type GraphQLSchema } from 'graphql';
import { CostBucket, MAX_QUERY_COST, requestedCost } from './cost.js';
import { completeObject, ExecError, type ExecContext } from './execute.js';
import { maxCostError, syntaxError, THROTTLED_ERROR, validationError } from './errors.js';
import type { FieldContext } from './fields.js';

export interface GraphqlResult { body: Record<string, unknown>; throttled: boolean; actualCost: number }

export interface GraphqlDeps {
  schema: GraphQLSchema;
  bucket: CostBucket;
  queryRoot: () => Record<string, unknown>;
  mutationRoot: () => Record<string, unknown>;
}

const docCache = new Map<string, DocumentNode | readonly GraphQLError[]>();

function parsed(schema: GraphQLSchema, query: string): DocumentNode | Array<Record<string, unknown>> {
  let hit = docCache.get(query);
  if (!hit) {
    try {
      const doc = parse(query);
      const errors = validate(schema, doc);
      hit = errors.length > 0 ? errors : doc;
    } catch (e) {
      if (!(e instanceof GraphQLError)) throw e;
      return [syntaxError(e)];
    }
    if (docCache.size > 500) docCache.clear();
    docCache.set(query, hit);
  }
  if (Array.isArray(hit)) return (hit as GraphQLError[]).map(validationError);
  return hit as DocumentNode;
}

export function runGraphql(deps: GraphqlDeps, query: string, variables: Record<string, unknown> | undefined, operationName: string | undefined): GraphqlResult {
  const doc = parsed(deps.schema, query);
  if (Array.isArray(doc)) return { body: { errors: doc }, throttled: false, actualCost: 0 };
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
  if (!op) {
    const message = operationName ? `No operation named "${operationName}"` : 'An operation name is required when the document contains several operations';
    return { body: { errors: [{ message, extensions: { code: 'OPERATION_NOT_FOUND' } }] }, throttled: false, actualCost: 0 };
  }
  const coerced = getVariableValues(deps.schema, op.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) {
    return { body: { errors: coerced.errors.map((e) => ({ message: e.message, ...(e.locations ? { locations: e.locations } : {}), extensions: { code: 'INVALID_VARIABLE' } })) }, throttled: false, actualCost: 0 };
  }
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const fctx: FieldContext = { schema: deps.schema, fragments, variables: coerced.coerced };
  const requested = requestedCost(fctx, op);
  if (requested > MAX_QUERY_COST) return { body: { errors: [maxCostError(requested)] }, throttled: false, actualCost: 0 };
  if (!deps.bucket.take(requested)) {
    return { body: { errors: [THROTTLED_ERROR], extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: deps.bucket.status() } } }, throttled: true, actualCost: 0 };
  }
  const ctx: ExecContext = { ...fctx, bulk: false, actualCost: 0 };
  const mutation = op.operation === 'mutation';
  const rootType = mutation ? deps.schema.getMutationType()! : deps.schema.getQueryType()!;
  let data: Record<string, unknown> | null = null;
  let errors: unknown[] | undefined;
  try {
    data = completeObject(ctx, rootType.name, mutation ? deps.mutationRoot() : deps.queryRoot(), op.selectionSet, []);
  } catch (e) {
    if (!(e instanceof ExecError)) throw e;
    errors = [e.toJSON()];
  }
  // The root object itself is not charged; a mutation costs its flat price.
  const actual = mutation ? requested : Math.max(0, Math.min(requested, ctx.actualCost - 1));
  deps.bucket.refund(requested - actual);
  const cost = { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: deps.bucket.status() };
  const body: Record<string, unknown> = errors ? { errors, data } : { data };
  body.extensions = { cost };
  return { body, throttled: false, actualCost: actual };
}
