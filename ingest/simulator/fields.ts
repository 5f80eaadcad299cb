// Field collection over a selection set (fragments, inline fragments with type conditions, @skip/@include),
// shared by the executor and the cost calculator.
import {
  GraphQLSkipDirective, GraphQLIncludeDirective, getDirectiveValues, isAbstractType, Kind,
  type FieldNode, type FragmentDefinitionNode, type GraphQLNamedType, type GraphQLSchema, type SelectionSetNode,
} from 'graphql';

export interface FieldContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function included(ctx: FieldContext, node: FieldNode | { directives?: readonly unknown[] }): boolean {
  const n = node as FieldNode;
  if (getDirectiveValues(GraphQLSkipDirective, n, ctx.variables)?.if === true) return false;
  if (getDirectiveValues(GraphQLIncludeDirective, n, ctx.variables)?.if === false) return false;
  return true;
}

function applies(ctx: FieldContext, condition: string | undefined, typeName: string | null): boolean {
  if (!condition || typeName === null) return true; // null = "any concrete type" (static cost walk)
  if (condition === typeName) return true;
  const cond = ctx.schema.getType(condition) as GraphQLNamedType | undefined;
  const type = ctx.schema.getType(typeName);
  if (!cond || !type || !isAbstractType(cond) || !('getInterfaces' in type)) return false;
  return ctx.schema.isSubType(cond, type as never);
}

/** Ordered response key -> field nodes (same-key fields are merged as GraphQL requires). */
export function collectFields(ctx: FieldContext, set: SelectionSetNode, typeName: string | null, out = new Map<string, FieldNode[]>(), seen = new Set<string>()): Map<string, FieldNode[]> {
  for (const sel of set.selections) {
    if (!included(ctx, sel)) continue;
    if (sel.kind === Kind.FIELD) {
      const key = sel.alias?.value ?? sel.name.value;
      const list = out.get(key);
      if (list) list.push(sel);
      else out.set(key, [sel]);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (applies(ctx, sel.typeCondition?.name.value, typeName)) collectFields(ctx, sel.selectionSet, typeName, out, seen);
    } else {
      const name = sel.name.value;
      const frag = ctx.fragments[name];
      if (!frag || seen.has(name)) continue;
      seen.add(name);
      if (applies(ctx, frag.typeCondition.name.value, typeName)) collectFields(ctx, frag.selectionSet, typeName, out, seen);
    }
  }
  return out;
}

/** Merged sub-selection of several field nodes with the same response key. */
export function mergedSelection(nodes: FieldNode[]): SelectionSetNode | undefined {
  const sets = nodes.map((n) => n.selectionSet).filter((s): s is SelectionSetNode => !!s);
  if (sets.length <= 1) return sets[0];
  return { kind: Kind.SELECTION_SET, selections: sets.flatMap((s) => s.selections) };
}
