// Built-in generic tests on the cold path, one template per shape. `unique` on `id` of 5,000 models makes
// 5,000 test nodes that differ only in the model's name and the model's relation text, yet building each
// (config resolution, render, placeholder swap, a dozen objects) was a quarter of a cold compile. A shape
// is everything else the node is made of: test, arguments and config as written, schema file, folder,
// column. Its template is built once from a node made for a sentinel model (name and relation text are
// hole characters), and checked against the first real node of the shape, built the usual way, before it
// is used: a shape whose node does not come out the same is built the usual way for every test.
import type { NodeConfig } from '../../manifest.js';
import { holeTemplate } from '../node-templates.js';
import { niceName, type GenericTestDef } from '../tests.js';

export const NAME_HOLE = '\u0001';
export const RELATION_HOLE = '\u0004';
/** Characters that must not occur in anything a shape is built from: the holes and the placeholder marks. */
const RESERVED = /[\u0001-\u0005]/;
const ESCAPED_RESERVED = /\\u000[1-5]/;
const REF_ARGUMENT = /^\s*(ref|source)\s*\(.*\)\s*$/s;

export type ShapeTemplate = (name: string, relation: string) => Record<string, unknown>;

export interface Shape {
  key: string;
  /** The test's name with the model's name as NAME_HOLE. */
  sentinelName: string;
}

/** Plain JSON data that a JSON round trip gives back exactly (no Dates, undefined, NaN, -0, class instances). */
export function isJsonSafe(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) {
    for (const item of value) if (!isJsonSafe(item)) return false;
    return true;
  }
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key of Object.keys(value)) if (!isJsonSafe((value as Record<string, unknown>)[key])) return false;
  return true;
}

export interface ShapeContext {
  projectName: string;
  /** The built-in test's direct renderer applies (no project override of its macros). */
  builtin(testName: string): boolean;
  /** The model or seed the test is attached to is inlined as a CTE (its relation text is not a plain swap). */
  ephemeral(uniqueId: string): boolean;
  /** The tests tree has a key named like this test, so its config depends on its own name. */
  configNamed(testName: string): boolean;
}

/** The shape of a built-in test on a model or seed, or undefined when it must be built the usual way. */
export function shapeFor(def: GenericTestDef, context: ShapeContext, sentinelNames: Map<string, string>): Shape | undefined {
  if (def.namespace !== undefined || RESERVED.test(def.testName) || !context.builtin(def.testName)) return undefined;
  const kind = def.attachedId === `model.${context.projectName}.${def.attachedName}` ? 'model' : def.attachedId === `seed.${context.projectName}.${def.attachedName}` ? 'seed' : undefined;
  if (!kind || RESERVED.test(def.attachedName) || def.attachedName.length === 0 || context.ephemeral(def.attachedId)) return undefined;
  if (context.configNamed(def.name)) return undefined;
  for (const value of Object.values(def.kwargs)) if (typeof value === 'string' && REF_ARGUMENT.test(value)) return undefined;
  if (!isJsonSafe(def.kwargs) || !isJsonSafe(def.config)) return undefined;
  // One JSON text for everything else the node is made of. JSON.stringify keeps key order (which the node's
  // config and arguments keep too), and writes the reserved characters escaped: a text that has them would
  // be cut by the holes.
  const body = JSON.stringify([def.testName, kind, def.kwargs, def.config, def.file, def.fqn.slice(0, -1), def.columnName ?? null]);
  if (ESCAPED_RESERVED.test(body)) return undefined;
  let sentinelName = sentinelNames.get(body);
  if (sentinelName === undefined) sentinelNames.set(body, (sentinelName = niceName(undefined, def.testName, NAME_HOLE, def.kwargs)));
  // A name the user gave, or one shortened with a hash of the whole name, is not the model's name in a slot.
  if (sentinelName.split(NAME_HOLE).join(def.attachedName) !== def.name) return undefined;
  return { key: body, sentinelName };
}

/** The definition of the same test on the sentinel model (no `line`: only errors read it, and none is thrown). */
export function sentinelDef(def: GenericTestDef, shape: Shape): GenericTestDef {
  const kind = def.attachedId.slice(0, def.attachedId.indexOf('.'));
  const projectName = def.attachedId.slice(kind.length + 1, def.attachedId.length - def.attachedName.length - 1);
  return {
    testName: def.testName,
    namespace: def.namespace,
    name: shape.sentinelName,
    kwargs: def.kwargs,
    config: def.config,
    columnName: def.columnName,
    attachedId: `${kind}.${projectName}.${NAME_HOLE}`,
    attachedName: NAME_HOLE,
    file: def.file,
    fqn: [...def.fqn.slice(0, -1), shape.sentinelName],
  };
}

/**
 * The template for a shape from its sentinel node (compiled code with RELATION_HOLE for the model's relation
 * text), or null when the node is not plain JSON data or `first` (the shape's first real node, built the usual
 * way, with its relation text) does not come out of the template exactly.
 */
export function shapeTemplate(sentinel: Record<string, unknown>, first: { node: Record<string, unknown>; name: string; relation: string }): ShapeTemplate | null {
  if (!isJsonSafe(sentinel)) return null;
  const template = holeTemplate(sentinel, { [NAME_HOLE]: 'n', [RELATION_HOLE]: 'r' }) as ShapeTemplate;
  const made = instantiate(template, first.name, first.relation, first.node.unique_id as string);
  return made && JSON.stringify(made) === JSON.stringify(first.node) && isJsonSafe(first.node) ? template : null;
}

/** A node from a shape's template, with the fields a usually built node shares with its config. */
export function instantiate(template: ShapeTemplate, name: string, relation: string, uniqueId: string): Record<string, unknown> | undefined {
  const node = template(name, relation);
  node.unique_id = uniqueId;
  const config = node.config as NodeConfig;
  node.tags = config.tags;
  if (config.meta !== null && config.meta !== undefined) node.meta = config.meta;
  return node;
}
