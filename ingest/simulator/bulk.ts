// Bulk operations: bulkOperationRunQuery validates the query, then runs it in the background in batches
// (yielding to the event loop), writing JSONL where every nested-connection node is its own line with
// __parentId, after its parent but not necessarily right after (unless groupObjects is true): a batch writes
// its roots, then their children. A failing operation stops at an arbitrary line of a batch, as Shopify's
// partial files do, so the last roots of its partialDataUrl file may lack some or all of their children.
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  getNamedType, isListType, isNonNullType, Kind, parse, validate,
  type FieldNode, type GraphQLObjectType, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import { isoSeconds } from './clock.js';
import { isConnectionType } from './cost.js';
import { completeObject, type Connection, type ExecContext } from './execute.js';
import { collectFields, mergedSelection } from './fields.js';
import type { BulkFailure } from './faults.js';
import { ID_BASE, gid } from './ids.js';

type Obj = Record<string, unknown>;

export interface BulkOp {
  id: string; status: 'CREATED' | 'RUNNING' | 'COMPLETED' | 'CANCELING' | 'CANCELED' | 'FAILED' | 'EXPIRED';
  errorCode: string | null; createdAt: string; completedAt: string | null; objectCount: number; rootObjectCount: number;
  fileSize: number | null; url: string | null; partialDataUrl: string | null; query: string; type: 'QUERY';
  groupObjects: boolean; file: string; token: string; cancelRequested: boolean;
}

export interface BulkDeps {
  schema: GraphQLSchema;
  dir: string;
  baseUrl: () => string;
  now: () => number;
  maxConcurrent: number;
  /** Resolves the root connection of a bulk query with no page limit. */
  resolveRoot: (field: FieldNode) => Connection;
  /** Drawn once per operation: whether and where it fails. */
  failure: () => BulkFailure | null;
  onFinish?: (op: BulkOp) => void;
}

const BATCH = 500;

export class BulkOperations {
  private readonly ops = new Map<string, BulkOp>();
  private latest: BulkOp | null = null;
  private nextId = 1;
  readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: BulkDeps) {
    mkdirSync(deps.dir, { recursive: true });
  }

  /** Every operation started, oldest first. */
  list(): readonly BulkOp[] {
    return [...this.ops.values()];
  }

  byToken(token: string): BulkOp | undefined {
    for (const op of this.ops.values()) if (op.token === token) return op;
    return undefined;
  }

  node(id: string): Obj | null {
    const op = this.ops.get(id);
    return op ? view(op) : null;
  }

  current(_type: string): Obj | null {
    return this.latest ? view(this.latest) : null;
  }

  start(query: string, groupObjects: boolean): Obj {
    const invalid = (message: string, code = 'INVALID') => ({ bulkOperation: null, userErrors: [{ __typename: 'BulkOperationUserError', field: ['query'], message, code }] });
    const active = [...this.ops.values()].filter((o) => o.status === 'CREATED' || o.status === 'RUNNING' || o.status === 'CANCELING');
    if (active.length >= this.deps.maxConcurrent) {
      return invalid(`A bulk query operation for this app and shop is already in progress: ${active[0]!.id}.`, 'OPERATION_IN_PROGRESS');
    }
    let op: OperationDefinitionNode;
    try {
      const doc = parse(query);
      const errors = validate(this.deps.schema, doc);
      if (errors.length > 0) return invalid(`Invalid bulk query: ${errors[0]!.message}`);
      op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      if (!op || op.operation !== 'query') return invalid('Bulk queries must be a query operation.');
    } catch (e) {
      return invalid(`Invalid bulk query: ${(e as Error).message}`);
    }
    const problem = checkShape(this.deps.schema, op);
    if (problem) return invalid(problem);
    const legacy = ID_BASE.BulkOperation + this.nextId++;
    const token = randomBytes(12).toString('hex');
    const bulk: BulkOp = {
      id: gid('BulkOperation', legacy), status: 'CREATED', errorCode: null, createdAt: isoSeconds(this.deps.now()), completedAt: null,
      objectCount: 0, rootObjectCount: 0, fileSize: null, url: null, partialDataUrl: null, query, type: 'QUERY', groupObjects,
      file: join(this.deps.dir, `bulk-${legacy}.jsonl`), token, cancelRequested: false,
    };
    this.ops.set(bulk.id, bulk);
    this.latest = bulk;
    const run = this.run(bulk, op).finally(() => this.running.delete(run));
    this.running.add(run);
    return { bulkOperation: view(bulk), userErrors: [] };
  }

  cancel(id: string): Obj {
    const op = this.ops.get(id);
    if (!op) return { bulkOperation: null, userErrors: [{ __typename: 'UserError', field: ['id'], message: 'Bulk operation does not exist' }] };
    if (op.status !== 'CREATED' && op.status !== 'RUNNING') {
      return { bulkOperation: view(op), userErrors: [{ __typename: 'UserError', field: null, message: `A bulk operation cannot be canceled when it is ${op.status.toLowerCase()}` }] };
    }
    op.cancelRequested = true;
    op.status = 'CANCELING';
    return { bulkOperation: view(op), userErrors: [] };
  }

  private async run(op: BulkOp, def: OperationDefinitionNode): Promise<void> {
    await tick();
    if (op.cancelRequested) { op.status = 'CANCELED'; op.completedAt = isoSeconds(this.deps.now()); return; }
    op.status = 'RUNNING';
    const out = createWriteStream(op.file);
    const ctx: ExecContext = { schema: this.deps.schema, fragments: {}, variables: {}, bulk: true, actualCost: 0 };
    const rootField = def.selectionSet.selections[0] as FieldNode;
    const failure = this.deps.failure();
    let failed = false;
    try {
      const conn = this.deps.resolveRoot(rootField);
      const rootType = (getNamedType((this.deps.schema.getQueryType()!.getFields()[rootField.name.value]!).type) as GraphQLObjectType).name.replace(/Connection$/, '');
      const nodeSel = nodeSelection(ctx, rootField.selectionSet!);
      const connectionKeys: ConnectionKeys = new Map();
      const total = conn.items.length;
      // The root index the failure happens at; total = 0 fails at once with an empty partial file.
      const failRoot = failure ? Math.min(total, failure.at * total) : Infinity;
      for (let start = 0; start < total || failRoot === 0; start += BATCH) {
        if (op.cancelRequested) break;
        const end = Math.min(total, start + BATCH);
        const parents: string[] = [];
        const children: string[] = [];
        const rootLines: number[] = [];
        for (let i = start; i < end; i++) {
          const item = conn.items[i] as () => Obj;
          rootLines.push(parents.length);
          const result = completeObject(ctx, rootType, item(), nodeSel, []);
          flatten(this.deps.schema, connectionKeys, rootType, result, null, parents, op.groupObjects ? parents : children);
        }
        let lines = [...parents, ...children];
        let roots = rootLines.length;
        if (end >= failRoot) {
          // Cut the batch's output at a line proportional to where in the batch the failure falls: inside
          // the roots (later roots without any child) or inside the children (a root cut among its own).
          const cut = Math.floor(lines.length * Math.max(0, Math.min(1, (failRoot - start) / Math.max(1, end - start))));
          lines = lines.slice(0, cut);
          roots = rootLines.filter((at) => at < cut).length;
          failed = true;
        }
        op.rootObjectCount += roots;
        op.objectCount += lines.length;
        if (!out.write(lines.join(''))) await new Promise<void>((r) => out.once('drain', () => r()));
        if (failed) break;
        await tick();
      }
    } catch (e) {
      failed = true;
      process.emitWarning(`simulator bulk operation ${op.id} failed: ${(e as Error).message}`);
    }
    await new Promise<void>((r) => out.end(() => r()));
    op.completedAt = isoSeconds(this.deps.now());
    op.fileSize = statSync(op.file).size;
    const url = `${this.deps.baseUrl()}/bulk/${op.token}.jsonl`;
    if (op.cancelRequested) { op.status = 'CANCELED'; op.partialDataUrl = url; }
    else if (failed) { op.status = 'FAILED'; op.errorCode = failure?.errorCode ?? 'INTERNAL_SERVER_ERROR'; op.partialDataUrl = url; }
    else { op.status = 'COMPLETED'; op.url = op.objectCount > 0 ? url : null; }
    this.deps.onFinish?.(op);
  }
}

const tick = () => new Promise<void>((r) => setImmediate(r));

function view(op: BulkOp): Obj {
  return {
    __typename: 'BulkOperation', id: op.id, status: op.status, errorCode: op.errorCode, createdAt: op.createdAt, completedAt: op.completedAt,
    objectCount: String(op.objectCount), rootObjectCount: String(op.rootObjectCount), fileSize: op.fileSize === null ? null : String(op.fileSize),
    url: op.url, partialDataUrl: op.partialDataUrl, query: op.query, type: op.type,
  };
}

/** The `node` selection under a root connection (`edges { node { … } }` or `nodes { … }`). */
function nodeSelection(ctx: ExecContext, set: SelectionSetNode): SelectionSetNode {
  const selections: SelectionSetNode['selections'][number][] = [];
  for (const nodes of collectFields(ctx, set, null).values()) {
    const name = nodes[0]!.name.value;
    if (name === 'nodes') selections.push(...(mergedSelection(nodes)?.selections ?? []));
    if (name === 'edges') {
      for (const inner of collectFields(ctx, mergedSelection(nodes)!, null).values()) {
        if (inner[0]!.name.value === 'node') selections.push(...(mergedSelection(inner)?.selections ?? []));
      }
    }
  }
  return { kind: Kind.SELECTION_SET, selections };
}

/** Shopify's bulk rules: one root connection, 1-5 connections, at most 2 levels, no connection inside a list. */
function checkShape(schema: GraphQLSchema, op: OperationDefinitionNode): string | null {
  const roots = op.selectionSet.selections.filter((s) => s.kind === Kind.FIELD) as FieldNode[];
  if (roots.length !== 1) return 'Bulk queries must contain exactly one top-level field.';
  let connections = 0;
  let problem: string | null = null;
  const walk = (typeName: string, set: SelectionSetNode | undefined, depth: number, inList: boolean) => {
    if (!set) return;
    const type = schema.getType(typeName) as GraphQLObjectType | undefined;
    if (!type || !('getFields' in type)) return;
    const fields = type.getFields();
    for (const sel of set.selections) {
      if (sel.kind !== Kind.FIELD) { if ('selectionSet' in sel) walk(typeName, sel.selectionSet, depth, inList); continue; }
      const def = fields[sel.name.value];
      if (!def) continue;
      const named = getNamedType(def.type).name;
      if (isConnectionType(named)) {
        connections++;
        if (inList) problem ??= `Queries that contain a connection field within a list field are not currently supported ('${sel.name.value}').`;
        if (depth >= 2) problem ??= 'Bulk queries cannot contain more than 2 levels of nested connections.';
        if (depth >= 1 && !hasIdField(set)) problem ??= `The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'Node' type. Connection field: '${sel.name.value}'.`;
        walk(named, sel.selectionSet, depth + 1, false);
      } else {
        const inner = isNonNullType(def.type) ? def.type.ofType : def.type;
        // The edges/nodes lists of a connection are its wrapper, not a user list field.
        walk(named, sel.selectionSet, depth, inList || (isListType(inner) && !isConnectionType(typeName)));
      }
    }
  };
  const rootDef = schema.getQueryType()!.getFields()[roots[0]!.name.value]!;
  const rootNamed = getNamedType(rootDef.type).name;
  if (!isConnectionType(rootNamed)) return 'Bulk queries require a connection field at the top level.';
  connections++;
  walk(rootNamed, roots[0]!.selectionSet, 1, false);
  if (connections > 5) return 'Bulk queries cannot contain more than 5 connections.';
  return problem;
}

function hasIdField(set: SelectionSetNode): boolean {
  return set.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'id' && !s.alias);
}

type ConnectionKeys = Map<string, Map<string, string | null>>;

/** Which keys of a type's result are connections (and their node type), looked up once per type and key. */
function connectionChild(schema: GraphQLSchema, cache: ConnectionKeys, typeName: string, key: string): string | null {
  let byKey = cache.get(typeName);
  if (!byKey) { byKey = new Map(); cache.set(typeName, byKey); }
  let child = byKey.get(key);
  if (child === undefined) {
    const def = (schema.getType(typeName) as GraphQLObjectType).getFields()[key];
    const named = def ? getNamedType(def.type).name : '';
    child = def && isConnectionType(named) ? named.replace(/Connection$/, '') : null;
    byKey.set(key, child);
  }
  return child;
}

/** Splits nested connections out of a node result into their own lines with __parentId. */
function flatten(schema: GraphQLSchema, cache: ConnectionKeys, typeName: string, result: Obj, parentId: string | null, own: string[], children: string[]): void {
  let nested: Array<[string, Obj[]]> | null = null;
  const line: Obj = result; // a fresh object from the executor: safe to strip in place
  for (const key in result) {
    const child = connectionChild(schema, cache, typeName, key);
    if (child === null) continue;
    const conn0 = result[key];
    delete line[key];
    const conn = conn0 as { edges?: Array<{ node?: Obj }>; nodes?: Obj[] } | null;
    if (!conn) continue;
    const items = conn.nodes ?? (conn.edges ?? []).map((e) => e.node).filter((n): n is Obj => !!n);
    (nested ??= []).push([child, items]);
  }
  if (parentId !== null) line.__parentId = parentId;
  own.push(`${JSON.stringify(line)}\n`);
  if (!nested) return;
  const id = line.id as string;
  for (const [childType, items] of nested) {
    for (const item of items) flatten(schema, cache, (item.__typename as string | undefined) ?? childType, item, id, children, children);
  }
}
