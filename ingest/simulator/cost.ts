// Calculated query cost (the reference's model: scalar/enum 0, object 1, connection 2 + first × node cost,
// mutation 10) and the per-app leaky bucket that Shopify charges it against.
import {
  getArgumentValues, getNamedType, isCompositeType, isListType, isNonNullType, isObjectType, isInterfaceType,
  type GraphQLField, type GraphQLObjectType, type GraphQLOutputType, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import { collectFields, mergedSelection, type FieldContext } from './fields.js';

export const MAX_QUERY_COST = 1000;
export const MUTATION_COST = 10;

export const isConnectionType = (name: string) => name.endsWith('Connection');
export const isFreeWrapper = (name: string) => name.endsWith('Connection') || name.endsWith('Edge') || name === 'PageInfo';

function unwrapList(t: GraphQLOutputType): boolean {
  const inner = isNonNullType(t) ? t.ofType : t;
  return isListType(inner);
}

function fieldsOf(ctx: FieldContext, typeName: string): Record<string, GraphQLField<unknown, unknown>> {
  const t = ctx.schema.getType(typeName);
  return t && (isObjectType(t) || isInterfaceType(t)) ? (t as GraphQLObjectType).getFields() : {};
}

/** Cost of one node of `typeName` with the given selection (1 for the object itself plus its children). */
function objectCost(ctx: FieldContext, typeName: string, set: SelectionSetNode | undefined): number {
  return 1 + selectionCost(ctx, typeName, set);
}

function selectionCost(ctx: FieldContext, typeName: string, set: SelectionSetNode | undefined): number {
  if (!set) return 0;
  const defs = fieldsOf(ctx, typeName);
  let cost = 0;
  for (const nodes of collectFields(ctx, set, null).values()) {
    const def = defs[nodes[0]!.name.value];
    if (!def) continue;
    cost += fieldCost(ctx, def, nodes[0]!, mergedSelection(nodes));
  }
  return cost;
}

function pageSize(ctx: FieldContext, def: GraphQLField<unknown, unknown>, node: import('graphql').FieldNode): number | null {
  try {
    const args = getArgumentValues(def, node, ctx.variables) as { first?: number; last?: number };
    return args.first ?? args.last ?? null;
  } catch {
    return null;
  }
}

function fieldCost(ctx: FieldContext, def: GraphQLField<unknown, unknown>, node: import('graphql').FieldNode, set: SelectionSetNode | undefined): number {
  const named = getNamedType(def.type);
  if (!isCompositeType(named)) return 0;
  if (isConnectionType(named.name)) {
    const n = pageSize(ctx, def, node) ?? 0;
    return 2 + n * connectionNodeCost(ctx, named.name, set);
  }
  if (unwrapList(def.type)) {
    const n = pageSize(ctx, def, node);
    return n === null ? objectCost(ctx, named.name, set) : 2 + n * objectCost(ctx, named.name, set);
  }
  return objectCost(ctx, named.name, set);
}

/** Per-node cost inside a connection: `nodes { … }` and `edges { node { … } }`; edges/pageInfo are free. */
function connectionNodeCost(ctx: FieldContext, connectionType: string, set: SelectionSetNode | undefined): number {
  if (!set) return 0;
  const nodeType = connectionType.replace(/Connection$/, '');
  let cost = 0;
  for (const nodes of collectFields(ctx, set, null).values()) {
    const name = nodes[0]!.name.value;
    if (name === 'nodes') cost += objectCost(ctx, nodeType, mergedSelection(nodes));
    if (name === 'edges') {
      const edgeSel = mergedSelection(nodes);
      if (!edgeSel) continue;
      for (const inner of collectFields(ctx, edgeSel, null).values()) {
        if (inner[0]!.name.value === 'node') cost += objectCost(ctx, nodeType, mergedSelection(inner));
      }
    }
  }
  return cost;
}

export function requestedCost(ctx: FieldContext, op: OperationDefinitionNode): number {
  if (op.operation === 'mutation') return MUTATION_COST * collectFields(ctx, op.selectionSet, null).size;
  const root = op.operation === 'query' ? ctx.schema.getQueryType()! : ctx.schema.getMutationType()!;
  return selectionCost(ctx, root.name, op.selectionSet);
}

/** Leaky bucket: refills continuously at restoreRate up to maximumAvailable (wall time, as Shopify's does). */
export class CostBucket {
  private available: number;
  private last = Date.now();
  constructor(readonly maximumAvailable: number, readonly restoreRate: number) {
    this.available = maximumAvailable;
  }
  private refill(): void {
    const now = Date.now();
    this.available = Math.min(this.maximumAvailable, this.available + ((now - this.last) / 1000) * this.restoreRate);
    this.last = now;
  }
  currentlyAvailable(): number {
    this.refill();
    return Math.floor(this.available);
  }
  /** Deducts the requested cost up front; false (nothing deducted) when the bucket cannot cover it. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }
  refund(amount: number): void {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + Math.max(0, amount));
  }
  drain(amount: number): void {
    this.refill();
    this.available = Math.max(0, this.available - amount);
  }
  status() {
    return { maximumAvailable: this.maximumAvailable, currentlyAvailable: this.currentlyAvailable(), restoreRate: this.restoreRate };
  }
}

export const PLAN_LIMITS = {
  standard: { restoreRate: 100, maximumAvailable: 2000, displayName: 'Basic' },
  advanced: { restoreRate: 200, maximumAvailable: 4000, displayName: 'Advanced' },
  plus: { restoreRate: 1000, maximumAvailable: 20000, displayName: 'Shopify Plus' },
  enterprise: { restoreRate: 2000, maximumAvailable: 40000, displayName: 'Commerce Components' },
} as const;
export type Plan = keyof typeof PLAN_LIMITS;
