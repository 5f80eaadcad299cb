// YAML parsing that remembers where every key and value came from, so schema errors can name a line.
// js-yaml 4 has no AST, but its `listener` option reports open/close events for every node it composes;
// replaying them as a tree gives the positions without a second YAML library.
import yaml from 'js-yaml';
import { ProjectError } from '../errors.js';

export type YamlPath = readonly (string | number)[];

interface EventNode {
  line: number;
  kind?: string;
  result?: unknown;
  children: EventNode[];
}

export interface ParsedYaml {
  value: unknown;
  /** 1-based line of the node at `path` (for a mapping key: the key's line); nearest ancestor if unknown. */
  lineOf(path: YamlPath): number | undefined;
}

export function parseYaml(text: string, file: string): ParsedYaml {
  let value: unknown;
  try {
    value = yaml.load(text, { filename: file });
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    throw new ProjectError(`YAML syntax error: ${reason}`, {
      location: { file, line: mark ? mark.line + 1 : undefined, column: mark ? mark.column + 1 : undefined },
      hint: 'Check indentation and that every `key: value` pair is on its own line; quote values containing `: ` or `{`.',
      cause: error,
    });
  }
  // Positions are wanted only for an error message (and a few features that name a line), so the listener
  // pass that records them runs on first use: it made parsing a large schema YAML about a third slower.
  let top: EventNode | undefined | null = null;
  return {
    value,
    lineOf: (path) => {
      if (top === null) top = positions(text, file);
      return top ? locate(top, path) : undefined;
    },
  };
}

function positions(text: string, file: string): EventNode | undefined {
  const root: EventNode = { line: 0, children: [] };
  const stack: EventNode[] = [root];
  yaml.load(text, {
    filename: file,
    listener(event, state) {
      if (event === 'open') {
        const node: EventNode = { line: state.line, children: [] };
        stack[stack.length - 1]!.children.push(node);
        stack.push(node);
      } else {
        const node = stack.pop();
        if (node) {
          node.kind = state.kind ?? undefined;
          node.result = state.result;
        }
      }
    },
  });
  return collapse(root.children[0]);
}

/** js-yaml opens a wrapper node around some values (block sequence items); keep only the innermost. */
function collapse(node: EventNode | undefined): EventNode | undefined {
  let current = node;
  while (current && current.children.length === 1 && current.kind !== 'mapping' && current.kind !== 'sequence') {
    const only = current.children[0]!;
    if (only.result !== current.result) break;
    current = only;
  }
  while (current && current.children.length === 1 && current.children[0]!.result === current.result && current.kind === current.children[0]!.kind) {
    current = current.children[0]!;
  }
  return current;
}

interface Indexed {
  keys?: Map<string, { key: EventNode; value: EventNode }>;
  items?: EventNode[];
}

const indexes = new WeakMap<EventNode, Indexed>();

/** Children of a node indexed once (lookups stay O(depth), even for a schema file with thousands of models). */
function indexOf(node: EventNode): Indexed {
  let index = indexes.get(node);
  if (index) return index;
  const children = node.children.map((child) => collapse(child)!).filter(Boolean);
  if (node.kind === 'mapping' || (!Array.isArray(node.result) && node.result !== null && typeof node.result === 'object')) {
    const keys = new Map<string, { key: EventNode; value: EventNode }>();
    for (let i = 0; i + 1 < children.length; i += 2) {
      const name = String(children[i]!.result);
      if (!keys.has(name)) keys.set(name, { key: children[i]!, value: children[i + 1]! });
    }
    index = { keys };
  } else {
    index = { items: children };
  }
  indexes.set(node, index);
  return index;
}

function locate(node: EventNode, path: YamlPath): number {
  let current = node;
  let line = node.line + 1;
  for (const segment of path) {
    const index = indexOf(current);
    if (index.keys) {
      const found = index.keys.get(String(segment));
      if (!found) return line;
      line = found.key.line + 1;
      current = found.value;
    } else {
      const item = index.items![Number(segment)];
      if (!item) return line;
      line = item.line + 1;
      current = item;
    }
  }
  return line;
}
