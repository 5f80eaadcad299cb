// Error bodies shaped like Shopify's (graphql-ruby wording and codes where we know them).
import type { GraphQLError } from 'graphql';
import { MAX_QUERY_COST } from './cost.js';

export const INVALID_TOKEN_BODY = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };
export const MISSING_QUERY_BODY = { errors: { query: 'Required parameter missing or invalid' } };

const locations = (e: GraphQLError) => (e.locations ? { locations: e.locations.map((l) => ({ line: l.line, column: l.column })) } : {});

export function syntaxError(e: GraphQLError) {
  const where = e.locations?.[0];
  const detail = e.message.replace(/^Syntax Error: /, '');
  return { message: `syntax error, ${detail}${where ? ` at [${where.line}, ${where.column}]` : ''}`, ...locations(e), extensions: { code: 'PARSE_ERROR' } };
}

/** Maps graphql-js validation messages to the graphql-ruby wording Shopify returns. */
export function validationError(e: GraphQLError) {
  let m = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(e.message);
  if (m) return { message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`, ...locations(e), extensions: { code: 'undefinedField', typeName: m[2], fieldName: m[1] } };
  m = /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"\./.exec(e.message);
  if (m) return { message: `Field '${m[3]}' doesn't accept argument '${m[1]}'`, ...locations(e), extensions: { code: 'argumentNotAccepted', name: m[3], typeName: 'Field', argumentName: m[1] } };
  m = /^Field "(\w+)" argument "(\w+)" of type "(.+)" is required/.exec(e.message);
  if (m) return { message: `Field '${m[1]}' is missing required arguments: ${m[2]}`, ...locations(e), extensions: { code: 'missingRequiredArguments', className: 'Field', name: m[1], arguments: m[2] } };
  m = /^Field "(\w+)" of type "(.+)" must have a selection of subfields/.exec(e.message);
  if (m) return { message: `Field must have selections (field '${m[1]}' returns ${m[2].replace(/[![\]]/g, '')} but has no selections. Did you mean '${m[1]} { ... }'?)`, ...locations(e), extensions: { code: 'selectionMismatch', nodeName: `field '${m[1]}'`, typeName: m[2] } };
  m = /^Variable "\$(\w+)" is not defined/.exec(e.message);
  if (m) return { message: `Variable $${m[1]} is used by anonymous query but not declared`, ...locations(e), extensions: { code: 'variableNotDefined', variableName: m[1] } };
  return { message: e.message, ...locations(e), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
}

export function maxCostError(cost: number) {
  return {
    message: `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
    extensions: { code: 'MAX_COST_EXCEEDED', cost, maxCost: MAX_QUERY_COST },
  };
}

export const THROTTLED_ERROR = {
  message: 'Throttled',
  extensions: { code: 'THROTTLED' },
};
