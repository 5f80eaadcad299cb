// A Nunjucks-free path for the templates most models are: text plus `{{ name(literal args) }}` calls
// (ref, source, config, var, project macros...), `{{ this }}` and `{% if is_incremental() %}…{% else %}…{% endif %}`.
// Compiling a template to JavaScript costs far more than running it, and model texts are all different, so
// for these we skip the compiler and evaluate the few node types ourselves, through the same runtime calls
// the generated code makes (contextOrFrameLookup, callWrap, makeKeywordArgs, suppressValue): the output is
// the same by construction. The matcher is strict; anything else (filters, operators, `-` whitespace control,
// comments, set/for/macro...) returns undefined and the caller uses Nunjucks.
import type nunjucks from 'nunjucks';
import { newContext } from './templates.js';

type Literal = string | number | boolean | Literal[];
type Expr = { kind: 'name'; name: string } | { kind: 'call'; name: string; args: Literal[]; kwargs?: Record<string, Literal> };
export type Segment = { kind: 'text'; text: string } | { kind: 'out'; expr: Expr } | { kind: 'if'; test: Expr; then: Segment[]; else: Segment[] };

const RESERVED = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'true', 'false', 'True', 'False', 'none', 'None', 'null', 'undefined']);
const TAG_START = /\{\{|\{%|\{#/g;

/** The template as segments, or undefined when it uses anything beyond the supported subset. */
export function parseSimpleTemplate(text: string): Segment[] | undefined {
  const root: Segment[] = [];
  // Open ifs: the list currently filled, and whether `else` was seen.
  const stack: { segment: Extract<Segment, { kind: 'if' }>; inElse: boolean }[] = [];
  const into = (): Segment[] => {
    const top = stack[stack.length - 1];
    return top ? (top.inElse ? top.segment.else : top.segment.then) : root;
  };
  let position = 0;
  TAG_START.lastIndex = 0;
  for (let match = TAG_START.exec(text); match; match = TAG_START.exec(text)) {
    const start = match.index;
    if (start > position) into().push({ kind: 'text', text: text.slice(position, start) });
    const opener = match[0];
    if (opener === '{#') return undefined;
    const close = opener === '{{' ? '}}' : '%}';
    const end = text.indexOf(close, start + 2);
    if (end < 0) return undefined;
    const inner = text.slice(start + 2, end);
    if (inner.startsWith('-') || inner.endsWith('-') || inner.startsWith('+') || inner.endsWith('+')) return undefined;
    if (opener === '{{') {
      const expr = parseExpr(inner);
      if (!expr) return undefined;
      into().push({ kind: 'out', expr });
    } else {
      const tag = inner.trim();
      if (tag === 'else') {
        const top = stack[stack.length - 1];
        if (!top || top.inElse) return undefined;
        top.inElse = true;
      } else if (tag === 'endif') {
        if (!stack.pop()) return undefined;
      } else if (/^if\s/.test(tag)) {
        const test = parseExpr(tag.slice(3));
        if (!test) return undefined;
        const segment: Extract<Segment, { kind: 'if' }> = { kind: 'if', test, then: [], else: [] };
        into().push(segment);
        stack.push({ segment, inElse: false });
      } else return undefined;
    }
    position = end + 2;
    TAG_START.lastIndex = position;
  }
  if (stack.length > 0) return undefined;
  if (position < text.length) root.push({ kind: 'text', text: text.slice(position) });
  return root;
}

/** Evaluate parsed segments exactly as the Nunjucks-generated code for the same template would. */
export function renderSimpleTemplate(segments: Segment[], env: nunjucks.Environment, runtime: Record<string, any>): string {
  const context = newContext(env);
  const frame = new runtime.Frame();
  frame.topLevel = true;
  const autoescape = (env as unknown as { opts: { autoescape: boolean } }).opts.autoescape;
  const evaluate = (expr: Expr): unknown => {
    const value = runtime.contextOrFrameLookup(context, frame, expr.name);
    if (expr.kind === 'name') return value;
    const args: unknown[] = expr.args.map(copy);
    if (expr.kwargs) args.push(runtime.makeKeywordArgs(Object.fromEntries(Object.entries(expr.kwargs).map(([k, v]) => [k, copy(v)]))));
    return runtime.callWrap(value, expr.name, context, args);
  };
  const run = (list: Segment[]): string => {
    let output = '';
    for (const segment of list) {
      if (segment.kind === 'text') output += segment.text;
      else if (segment.kind === 'out') output += runtime.suppressValue(evaluate(segment.expr), autoescape);
      else output += run(evaluate(segment.test) ? segment.then : segment.else);
    }
    return output;
  };
  return run(segments);
}

// Generated code builds fresh array literals on every evaluation; a macro may mutate its argument.
const copy = (value: Literal): Literal => (Array.isArray(value) ? value.map(copy) : value);

const TOKEN = /\s*(?:([A-Za-z_]\w*)|('[^'\\\n]*'|"[^"\\\n]*")|(\d+(?:\.\d+)?)(?![\w.])|([()[\],=]))/y;

function parseExpr(source: string): Expr | undefined {
  const tokens: { type: 'id' | 'str' | 'num' | 'punct'; value: string }[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const before = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (!m) {
      if (/^\s*$/.test(source.slice(before))) break;
      return undefined;
    }
    if (m[1] !== undefined) tokens.push({ type: 'id', value: m[1] });
    else if (m[2] !== undefined) tokens.push({ type: 'str', value: m[2].slice(1, -1) });
    else if (m[3] !== undefined) tokens.push({ type: 'num', value: m[3] });
    else if (m[4] !== undefined) tokens.push({ type: 'punct', value: m[4] });
  }
  let i = 0;
  const peek = () => tokens[i];
  const literal = (): Literal | undefined => {
    const token = tokens[i++];
    if (!token) return undefined;
    if (token.type === 'str') return token.value;
    if (token.type === 'num') return Number(token.value);
    if (token.type === 'id' && (token.value === 'true' || token.value === 'True')) return true;
    if (token.type === 'id' && (token.value === 'false' || token.value === 'False')) return false;
    if (token.type === 'punct' && token.value === '[') {
      const items: Literal[] = [];
      if (peek()?.value === ']') {
        i++;
        return items;
      }
      for (;;) {
        const item = literal();
        if (item === undefined) return undefined;
        items.push(item);
        const next = tokens[i++];
        if (next?.value === ']' && next.type === 'punct') return items;
        if (next?.value !== ',' || next.type !== 'punct') return undefined;
      }
    }
    return undefined;
  };
  const head = tokens[i++];
  if (!head || head.type !== 'id' || RESERVED.has(head.value)) return undefined;
  if (tokens.length === 1) return { kind: 'name', name: head.value };
  if (tokens[i++]?.value !== '(') return undefined;
  const args: Literal[] = [];
  let kwargs: Record<string, Literal> | undefined;
  if (peek()?.value === ')' && peek()?.type === 'punct') i++;
  else {
    for (;;) {
      const token = peek();
      if (token?.type === 'id' && tokens[i + 1]?.value === '=' && tokens[i + 1]?.type === 'punct' && !RESERVED.has(token.value)) {
        i += 2;
        const value = literal();
        if (value === undefined) return undefined;
        kwargs ??= {};
        if (token.value in kwargs) return undefined;
        kwargs[token.value] = value;
      } else {
        if (kwargs) return undefined; // positional after keyword: let Nunjucks report it
        const value = literal();
        if (value === undefined) return undefined;
        args.push(value);
      }
      const next = tokens[i++];
      if (next?.type !== 'punct') return undefined;
      if (next.value === ')') break;
      if (next.value !== ',') return undefined;
    }
  }
  if (i !== tokens.length) return undefined;
  return { kind: 'call', name: head.value, args, ...(kwargs ? { kwargs } : {}) };
}
