// Generic tests are most of a large project's nodes and nearly identical: `unique` on `id` of model A and of
// model B differ only where A's name appears (name, fqn, depends_on, compiled SQL...). The cached result
// stores such a node as [template index, name] with one JSON template per shape, where the name is a hole.
// Reading it back is then one call of a function built per template, instead of parsing ~700 bytes per test:
// parsing those was most of what a warm compile of a 5,000-model project spent.

/** Text that stands for the hole inside the template's JSON. JSON.stringify writes U+0001 exactly like this. */
const HOLE = '\\u0001';
const HOLE_CHAR = '\u0001';

export interface NodeTemplates {
  /** JSON texts, each with HOLE where the node-specific name was. */
  texts: string[];
  index: Map<string, number>;
}

export function emptyTemplates(): NodeTemplates {
  return { texts: [], index: new Map() };
}

/**
 * [template index, name] for `node` (already packed, JSON-safe), or undefined when templating would not
 * give the node back exactly (its text already contains the hole, or the name is too short to be a useful hole).
 */
export function toTemplate(templates: NodeTemplates, node: unknown, name: string): [number, string] | undefined {
  if (name.length < 3) return undefined;
  const json = JSON.stringify(node);
  if (json.includes(HOLE) || !json.includes(name)) return undefined;
  const text = json.split(name).join(HOLE);
  // Exact round trip or nothing (e.g. a name whose characters JSON escapes).
  if (text.split(HOLE).join(name) !== json) return undefined;
  let at = templates.index.get(text);
  if (at === undefined) {
    at = templates.texts.push(text) - 1;
    templates.index.set(text, at);
  }
  return [at, name];
}

/**
 * One function per template that builds a fresh node for a name. Generated as object-literal code from the
 * *parsed* template, every key and value written with JSON.stringify, so a tampered cache file can only ever
 * produce data; V8 allocates literal objects several times faster than a generic copy walks them.
 */
export function compileTemplates(texts: string[]): ((name: string) => Record<string, unknown>)[] {
  return texts.map((text) => new Function('n', `return ${literal(JSON.parse(text) as unknown)};`) as (name: string) => Record<string, unknown>);
}

function literal(value: unknown): string {
  if (typeof value === 'string') return value.includes(HOLE_CHAR) ? value.split(HOLE_CHAR).map((part) => JSON.stringify(part)).join('+n+') : JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(',')}]`;
  const entries: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    // A computed key always defines an own property (a literal `"__proto__":` would set the prototype).
    const name = key.includes(HOLE_CHAR) || key === '__proto__' ? `[${literal(key)}]` : JSON.stringify(key);
    entries.push(`${name}:${literal(item)}`);
  }
  return `{${entries.join(',')}}`;
}
