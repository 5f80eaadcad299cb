// A simulator node cut down to what a sync receives: the fields the ingest's own GraphQL query selects
// (ingest/queries.ts), nothing more. Landing whole simulator nodes made raw orders twice the size a real
// ingest lands (every MoneyV2 `__typename`, visit details the query never asks for), so staging read ~4 KB
// per order instead of ~2 KB and the models benchmark measured a store no ingest produces.
import { Kind, parse, type FieldNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { pageQuery, type StreamName } from '../ingest/queries.js';

type Json = Record<string, unknown>;

const fieldNamed = (set: SelectionSetNode, name: string): FieldNode | undefined =>
  set.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === name);

/** The selection applied to each root node of a stream's page query (`nodes { ... }`). */
export function rootSelection(stream: StreamName): SelectionSetNode {
  const operation = parse(pageQuery(stream)).definitions[0] as OperationDefinitionNode;
  const root = operation.selectionSet.selections[0] as FieldNode;
  const nodes = root.selectionSet && fieldNamed(root.selectionSet, 'nodes');
  if (!nodes?.selectionSet) throw new Error(`the ${stream} page query has no nodes selection`);
  return nodes.selectionSet;
}

/**
 * `value` with only the selected fields. A list under a connection selection (`{ pageInfo nodes { ... } }`)
 * is the simulator's resolved connection: each item takes the `nodes` selection. A fragment applies when its
 * type matches the object's `__typename` (or the object does not say its type, as the executor would resolve it).
 */
export function selectFields(value: unknown, set: SelectionSetNode): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const itemSet = fieldNamed(set, 'nodes')?.selectionSet ?? set;
    return value.map((item) => selectFields(item, itemSet));
  }
  const out: Json = {};
  copySelected(value as Json, set, out);
  return out;
}

function copySelected(value: Json, set: SelectionSetNode, out: Json): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (!(name in value)) continue;
      out[name] = selection.selectionSet ? selectFields(value[name], selection.selectionSet) : value[name];
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition?.name.value;
      if (!type || value['__typename'] === undefined || value['__typename'] === type) copySelected(value, selection.selectionSet, out);
    }
  }
}
