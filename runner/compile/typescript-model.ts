// Reading a TypeScript model's refs/sources/config from its text, without running it (compile stays pure).
// The TypeScript parser (loaded lazily: SQL-only projects never pay for it) finds the default export
// `defineModel({ ... })` and evaluates the `refs`, `sources` and `config` properties as literals; anything
// computed is a ProjectError pointing at the line, because the DAG must be known before any code runs.
import { createRequire } from 'node:module';
import type * as TS from 'typescript';
import { ProjectError } from '../errors.js';
import type { CachedRender } from './cache.js';
import { valueDigest } from './hash.js';

// A .ts file under a model path is a model; `_name.ts` is a helper module models import (not a node), as is `.d.ts`.
export const isTypeScriptModelFile = (file: string): boolean =>
  file.endsWith('.ts') && !file.endsWith('.d.ts') && !(file.split('/').pop() ?? '').startsWith('_');

let tsModule: typeof TS | undefined;
const typescript = (): typeof TS => (tsModule ??= createRequire(import.meta.url)('typescript') as typeof TS);

export interface TypeScriptModelInput {
  file: string;
  text: string;
  projectName: string;
  vars: Record<string, unknown>;
  /** Resolved unique_id of a ref/source, undefined when unknown (the compiler reports it with the line). */
  ref(name: string): string | undefined;
  source(sourceName: string, tableName: string): string | undefined;
}

export interface TypeScriptModelHeader {
  refs: string[];
  sources: [string, string][];
  config: Record<string, unknown>;
}

/** The render record the compiler keeps for SQL models, built from the static read. */
export function renderTypeScriptModel(input: TypeScriptModelInput): CachedRender {
  const header = readTypeScriptModel(input.file, input.text);
  const dependsOn: string[] = [];
  const add = (id: string) => {
    if (!dependsOn.includes(id)) dependsOn.push(id);
  };
  for (const name of header.refs) add(input.ref(name) ?? `model.${input.projectName}.${name}`);
  for (const [sourceName, table] of header.sources) {
    const id = input.source(sourceName, table);
    if (!id) {
      throw new ProjectError(`source('${sourceName}', '${table}') is not declared in any sources: YAML`, {
        location: { file: input.file, line: lineOf(input.text, table) },
        hint: 'Declare it under `sources:` in a schema YAML file, or fix the names.',
      });
    }
    add(id);
  }
  const vars: Record<string, string> = {};
  for (const match of input.text.matchAll(/\.var\s*(?:<[^>]*>)?\(\s*['"]([A-Za-z_][\w]*)['"]/g)) {
    const name = match[1]!;
    vars[name] = valueDigest(input.vars[name]);
  }
  return {
    code: input.text,
    config: header.config,
    refs: header.refs.map((name) => [name]),
    sources: header.sources.map((pair) => [...pair]),
    dependsOn,
    macros: [],
    vars,
    envVars: {},
    calledIsIncremental: false,
    logs: [],
  };
}

export function readTypeScriptModel(file: string, text: string): TypeScriptModelHeader {
  const ts = typescript();
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const fail = (message: string, node: TS.Node | undefined, hint?: string): never => {
    const line = node ? source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 : undefined;
    throw new ProjectError(message, { location: { file, line }, hint });
  };
  const literal = findModelLiteral(ts, source) ?? fail(
    'a TypeScript model must `export default defineModel({ refs: [...], config: {...}, run(ctx) {...} })`',
    undefined,
    "Import defineModel from the runner's typescript-model module and default-export its result.",
  );
  const property = (name: string) =>
    literal.properties.find((p) => p.name !== undefined && propertyName(ts, p.name) === name);
  const value = (name: string): unknown => {
    const prop = property(name);
    if (!prop) return undefined;
    if (!ts.isPropertyAssignment(prop)) return fail(`'${name}' must be written as \`${name}: <literal>\``, prop);
    return evaluate(ts, prop.initializer, (node) => fail(`'${name}' must be a literal (the compiler reads it without running the file)`, node, 'Move computed values into run(ctx); use ctx.var() for settings.'));
  };
  const refs = value('refs') ?? [];
  if (!Array.isArray(refs) || refs.some((r) => typeof r !== 'string')) fail("'refs' must be an array of model/seed names", property('refs'));
  const sources = value('sources') ?? [];
  if (!Array.isArray(sources) || sources.some((s) => !Array.isArray(s) || s.length !== 2 || s.some((x: unknown) => typeof x !== 'string'))) {
    fail("'sources' must be an array of [source name, table name] pairs", property('sources'));
  }
  const config = value('config') ?? {};
  if (typeof config !== 'object' || config === null || Array.isArray(config)) fail("'config' must be an object literal", property('config'));
  const materialized = (config as Record<string, unknown>).materialized;
  if (materialized !== undefined && materialized !== 'table' && materialized !== 'incremental') {
    fail(`TypeScript models materialize as 'table' or 'incremental', not '${String(materialized)}'`, property('config'));
  }
  if (!property('run')) fail('a TypeScript model needs a run(ctx) function returning its rows', literal);
  return { refs: refs as string[], sources: sources as [string, string][], config: { materialized: 'table', ...(config as Record<string, unknown>) } };
}

function findModelLiteral(ts: typeof TS, source: TS.SourceFile): TS.ObjectLiteralExpression | undefined {
  const declarations = new Map<string, TS.Expression>();
  let exported: TS.Expression | undefined;
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (ts.isIdentifier(decl.name) && decl.initializer) declarations.set(decl.name.text, decl.initializer);
      }
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) exported = statement.expression;
  }
  let expression = exported;
  for (let depth = 0; expression && depth < 5; depth++) {
    expression = unwrap(ts, expression);
    if (ts.isObjectLiteralExpression(expression)) return expression;
    if (ts.isCallExpression(expression) && expression.arguments[0]) expression = expression.arguments[0];
    else if (ts.isIdentifier(expression)) expression = declarations.get(expression.text);
    else return undefined;
  }
  return undefined;
}

function unwrap(ts: typeof TS, node: TS.Expression): TS.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isTypeAssertionExpression(current)) current = current.expression;
  return current;
}

function propertyName(ts: typeof TS, name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

function evaluate(ts: typeof TS, raw: TS.Expression, fail: (node: TS.Node) => never): unknown {
  const node = unwrap(ts, raw);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) return -Number(node.operand.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isArrayLiteralExpression(node)) return node.elements.map((element) => evaluate(ts, element, fail));
  if (ts.isObjectLiteralExpression(node)) {
    const out: Record<string, unknown> = {};
    for (const prop of node.properties) {
      const key = prop.name ? propertyName(ts, prop.name) : undefined;
      if (!ts.isPropertyAssignment(prop) || key === undefined) return fail(prop);
      out[key] = evaluate(ts, prop.initializer, fail);
    }
    return out;
  }
  return fail(node);
}

function lineOf(text: string, needle: string): number | undefined {
  const index = text.split('\n').findIndex((line) => line.includes(`'${needle}'`) || line.includes(`"${needle}"`));
  return index >= 0 ? index + 1 : undefined;
}
