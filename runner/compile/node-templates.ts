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
  /** text -> index in texts, or -1 for a text that does not work as a template (see usable). */
  index: Map<string, number>;
}

export function emptyTemplates(): NodeTemplates {
  return { texts: [], index: new Map() };
}

/**
 * [template index, name] for `node` (already packed, JSON-safe), or undefined when templating would not give
 * the node back exactly: its text already holds the hole, the name is short or needs escaping in JSON, or the
 * name also matched outside string values (e.g. inside `null`, or starting inside an escape like `\n`).
 */
export function toTemplate(templates: NodeTemplates, node: unknown, name: string): [number, string] | undefined {
  if (name.length < 3 || JSON.stringify(name) !== `"${name}"`) return undefined;
  const json = JSON.stringify(node);
  if (json.includes(HOLE) || !json.includes(name)) return undefined;
  const text = json.split(name).join(HOLE);
  let at = templates.index.get(text);
  if (at === undefined) {
    at = usable(text) ? templates.texts.push(text) - 1 : -1;
    templates.index.set(text, at);
  }
  return at < 0 ? undefined : [at, name];
}

/**
 * Every hole in the text is one U+0001 inside a parsed string or key. Then the parsed template, its holes
 * filled with a name that JSON writes as is, stringifies back to exactly the node's JSON (the hole sits where
 * the name's characters were, inside a string). Checked once per template, not once per node.
 */
function usable(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  return holesIn(parsed) === text.split(HOLE).length - 1;
}

function holesIn(value: unknown): number {
  if (typeof value === 'string') return value.split(HOLE_CHAR).length - 1;
  if (value === null || typeof value !== 'object') return 0;
  let count = 0;
  if (Array.isArray(value)) for (const item of value) count += holesIn(item);
  else for (const [key, item] of Object.entries(value)) count += holesIn(key) + holesIn(item);
  return count;
}

/**
 * One function per template that builds a fresh node for a name. Generated as object-literal code from the
 * *parsed* template, every key and value written with JSON.stringify, so a tampered cache file can only ever
 * produce data; V8 allocates literal objects several times faster than a generic copy walks them.
 * A part without a hole (a test's config, its macro list) is the same for every node of the template: it is
 * built once and shared by them, as a cold compile shares a test's tags with its config. Every test node
 * allocated ~11 objects, 4 of them such parts; all of them live on, so each one the garbage collector no
 * longer copies is time off a warm start. Nothing edits a node's nested parts in place (copies are made).
 */
export function compileTemplates(texts: string[]): ((name: string) => Record<string, unknown>)[] {
  return texts.map((text) => {
    const strings = stringVariables();
    const shared: unknown[] = [];
    const code = literal(JSON.parse(text) as unknown, strings, shared);
    const declarations = shared.map((_, at) => `k${at}=k[${at}]`).join(',');
    const make = new Function('k', `${declarations ? `const ${declarations};` : ''}return function(n){${strings.declarations()}return ${code};};`) as (k: unknown[]) => (name: string) => Record<string, unknown>;
    return make(shared);
  });
}

/**
 * The texts with holes that a generated function builds, each built once per call however often the node
 * holds it (a test's name is also its fqn's last part and its relation's identifier; the attached node's id
 * is in depends_on and attached_node): every concatenation is an object the garbage collector then copies,
 * and a test node's were a third of its objects.
 */
function stringVariables(): { variable(expression: string): string; declarations(): string } {
  const names = new Map<string, string>();
  return {
    // A variable holding `expression`'s value, e.g. `s0` for `"unique_"+n+"_id"`.
    variable: (expression) => {
      let name = names.get(expression);
      if (name === undefined) names.set(expression, (name = `s${names.size}`));
      return name;
    },
    declarations: () => (names.size === 0 ? '' : `const ${[...names].map(([expression, name]) => `${name}=${expression}`).join(',')};`),
  };
}
type Strings = ReturnType<typeof stringVariables>;

/** `shared` collects the parts without a hole, referred to in the code as k0, k1... */
function literal(value: unknown, strings: Strings, shared: unknown[]): string {
  if (typeof value === 'string') return value.includes(HOLE_CHAR) ? strings.variable(value.split(HOLE_CHAR).map((part) => JSON.stringify(part)).join('+n+')) : JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (holesIn(value) === 0) return `k${shared.push(value) - 1}`;
  if (Array.isArray(value)) return `[${value.map((item) => literal(item, strings, shared)).join(',')}]`;
  const entries: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    // A computed key always defines an own property (a literal `"__proto__":` would set the prototype).
    const name = key.includes(HOLE_CHAR) || key === '__proto__' ? `[${literal(key, strings, shared)}]` : JSON.stringify(key);
    entries.push(`${name}:${literal(item, strings, shared)}`);
  }
  return `{${entries.join(',')}}`;
}

/**
 * One function building a fresh copy of `value` (plain JSON data) where each character listed in `holes`
 * inside a string or key becomes the named parameter: `{ '\u0001': 'n' }` gives (n) => copy with n there.
 * Code is generated from the value itself with every literal part written by JSON.stringify, like compileTemplates.
 */
export function holeTemplate(value: unknown, holes: Record<string, string>): (...args: string[]) => Record<string, unknown> {
  const chars = Object.keys(holes);
  const pattern = new RegExp(`([${chars.map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}])`);
  const strings = stringVariables();
  const text = (part: string): string => {
    const expression = part.split(pattern).map((piece, i) => (i % 2 === 1 ? holes[piece]! : JSON.stringify(piece))).join('+');
    return pattern.test(part) ? strings.variable(expression) : expression;
  };
  const code = (item: unknown): string => {
    if (typeof item === 'string') return text(item);
    if (item === null || typeof item !== 'object') return JSON.stringify(item);
    if (Array.isArray(item)) return `[${item.map(code).join(',')}]`;
    const entries: string[] = [];
    for (const [key, entry] of Object.entries(item)) {
      const name = pattern.test(key) || key === '__proto__' ? `[${text(key)}]` : JSON.stringify(key);
      entries.push(`${name}:${code(entry)}`);
    }
    return `{${entries.join(',')}}`;
  };
  const body = code(value);
  return new Function(...chars.map((c) => holes[c]!), `${strings.declarations()}return ${body};`) as (...args: string[]) => Record<string, unknown>;
}
