// Jinja's `%`, `+`, tuples and slices (`cols[1:]`, `name[:-3]`) follow Python: `"%s_%s" % (a, b)` formats a string, `[1] + [2]` joins lists. Nunjucks
// emits JavaScript's `%` and `+` (NaN, "1,2"), so dbt macros that build names or column lists went wrong.
// The compiler is taught to emit a call instead: `runtime.pyMod(l, r)` when the runtime has it (ours, see
// runtime.ts), else the JavaScript operator, so templates compiled for nunjucks' own runtime still work.
import nunjucks from 'nunjucks';
import { PyDateTime, PyTimedelta, shifted } from './datetime.js';

type Emitter = { _emit(code: string): void; compile(node: unknown, frame: unknown): void };
type BinNode = { left: unknown; right: unknown };

let installed = false;

/** Patch nunjucks' code generator once per process (only our compile of templates uses it). */
export function installPythonOperators(): void {
  if (installed) return;
  installed = true;
  const proto = (nunjucks as unknown as { compiler: { Compiler: { prototype: Record<string, unknown> } } }).compiler.Compiler.prototype;
  const call = (name: string, fallback: string) =>
    function (this: Emitter, node: BinNode, frame: unknown) {
      this._emit(`(runtime.${name} || function (a, b) { return a ${fallback} b; })(`);
      this.compile(node.left, frame);
      this._emit(', ');
      this.compile(node.right, frame);
      this._emit(')');
    };
  proto.compileMod = call('pyMod', '%');
  installSlices();
  // A parenthesised list with commas is a Python tuple (`('a', 'b')`), not JavaScript's comma operator.
  const group = proto.compileGroup as (this: unknown, node: { children: unknown[] }, frame: unknown) => void;
  proto.compileGroup = function (this: { _compileAggregate(node: unknown, frame: unknown, start: string, end: string): void }, node: { children: unknown[] }, frame: unknown) {
    if (node.children.length > 1) this._compileAggregate(node, frame, '[', ']');
    else group.call(this, node, frame);
  };
  proto.compileAdd = call('pyAdd', '+');
  proto.compileSub = call('pySub', '-');
}

const isText = (value: unknown): value is string | { toString(): string } =>
  typeof value === 'string' || value instanceof (nunjucks.runtime as unknown as { SafeString: new () => object }).SafeString;

/** Python's `%`: printf-style formatting for a string on the left, a modulo with the divisor's sign else. */
export function pyMod(left: unknown, right: unknown): unknown {
  if (isText(left)) return format(String(left), right);
  const a = Number(left);
  const b = Number(right);
  return ((a % b) + b) % b;
}

/** Python's `+`: lists concatenate, a datetime moves by a timedelta; everything else as JavaScript. */
export function pyAdd(left: unknown, right: unknown): unknown {
  if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
  if (left instanceof PyDateTime && right instanceof PyTimedelta) return shifted(left, right.milliseconds);
  if (left instanceof PyTimedelta && right instanceof PyDateTime) return shifted(right, left.milliseconds);
  return (left as number) + (right as number);
}

/** Python's `-` on datetimes: datetime - timedelta is a datetime, datetime - datetime a timedelta. */
export function pySub(left: unknown, right: unknown): unknown {
  if (left instanceof PyDateTime && right instanceof PyTimedelta) return shifted(left, -right.milliseconds);
  if (left instanceof PyDateTime && right instanceof PyDateTime) return new PyTimedelta(left.instant.getTime() - right.instant.getTime());
  return (left as number) - (right as number);
}

const pyStr = (value: unknown): string =>
  value === null || value === undefined ? 'None' : value === true ? 'True' : value === false ? 'False' : String(value);

/** Python rounds an exact tie to even ('%.1f' % 2.25 is '2.2'); JavaScript's toFixed rounds it up. */
function toFixedHalfEven(value: number, digits: number): string {
  const scaled = value * 10 ** digits;
  if (Number.isFinite(scaled) && Math.abs(scaled % 1) === 0.5 && Math.trunc(scaled) % 2 === 0) {
    return (Math.trunc(scaled) / 10 ** digits).toFixed(digits);
  }
  return value.toFixed(digits);
}

function format(template: string, args: unknown): string {
  const named = args !== null && typeof args === 'object' && !Array.isArray(args) && !isText(args) ? (args as Record<string, unknown>) : undefined;
  const positional = Array.isArray(args) ? args : [args];
  let next = 0;
  return template.replace(/%(?:\(([^)]+)\))?([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifrx%])/g, (_match, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, kind: string) => {
    if (kind === '%') return '%';
    const value = key !== undefined && named ? named[key] : positional[next++];
    let text: string;
    if (kind === 'd' || kind === 'i') text = String(Math.trunc(Number(value)));
    else if (kind === 'f') text = toFixedHalfEven(Number(value), precision === undefined ? 6 : Number(precision));
    else if (kind === 'x') text = Math.trunc(Number(value)).toString(16);
    else if (kind === 'r') text = typeof value === 'string' ? `'${value}'` : pyStr(value);
    else text = pyStr(value);
    if (width) text = flags.includes('-') ? text.padEnd(Number(width)) : text.padStart(Number(width), flags.includes('0') && kind !== 's' ? '0' : ' ');
    return text;
  });
}

// nunjucks' parser reads `x[...]` as one index; Jinja also takes `x[start:stop:step]`. The replacement
// parsePostfix below reads both, and a slice becomes a call to the `__clv_slice` global (pySlice).
type Tok = { type: string; value: string; lineno: number; colno: number };
type ParserLike = {
  peekToken(): Tok | null;
  nextToken(): Tok;
  skip(type: string): boolean;
  fail(message: string, lineno?: number, colno?: number): never;
  parseExpression(): unknown;
  parseSignature(): unknown;
};

function installSlices(): void {
  const lib = nunjucks as unknown as {
    parser: { Parser: { prototype: Record<string, unknown> } };
    lexer: Record<string, string>;
    nodes: Record<string, new (...args: unknown[]) => unknown>;
  };
  const { lexer, nodes } = lib;
  lib.parser.Parser.prototype.parsePostfix = function (this: ParserLike, start: unknown) {
    let node = start;
    for (let tok = this.peekToken(); tok; tok = this.peekToken()) {
      if (tok.type === lexer.TOKEN_LEFT_PAREN) {
        node = new nodes.FunCall!(tok.lineno, tok.colno, node, this.parseSignature());
      } else if (tok.type === lexer.TOKEN_LEFT_BRACKET) {
        this.nextToken();
        const parts: unknown[] = [undefined, undefined, undefined];
        let part = 0;
        while (!this.skip(lexer.TOKEN_RIGHT_BRACKET!)) {
          if (this.skip(lexer.TOKEN_COLON!)) {
            if (++part > 2) this.fail('a slice takes at most start:stop:step', tok.lineno, tok.colno);
          } else if (parts[part] !== undefined) {
            this.fail('expected : or ] in an index', tok.lineno, tok.colno);
          } else {
            parts[part] = this.parseExpression();
          }
        }
        if (part === 0) {
          if (parts[0] === undefined) this.fail('empty index []', tok.lineno, tok.colno);
          node = new nodes.LookupVal!(tok.lineno, tok.colno, node, parts[0]);
        } else {
          const none = () => new nodes.Literal!(tok!.lineno, tok!.colno, null);
          const args = new nodes.NodeList!(tok.lineno, tok.colno, [node, ...parts.map((p) => p ?? none())]);
          node = new nodes.FunCall!(tok.lineno, tok.colno, new nodes.Symbol!(tok.lineno, tok.colno, '__clv_slice'), args);
        }
      } else if (tok.type === lexer.TOKEN_OPERATOR && tok.value === '.') {
        this.nextToken();
        const name = this.nextToken();
        if (name.type !== lexer.TOKEN_SYMBOL) this.fail(`expected name as lookup value, got ${name.value}`, name.lineno, name.colno);
        node = new nodes.LookupVal!(tok.lineno, tok.colno, node, new nodes.Literal!(name.lineno, name.colno, name.value));
      } else {
        break;
      }
    }
    return node;
  };
}

/** Python's seq[start:stop:step] on a list or a string. */
export function pySlice(sequence: unknown, start: number | null, stop: number | null, step: number | null): unknown {
  const text = typeof sequence === 'string' || isText(sequence);
  const items: unknown[] = text ? [...String(sequence)] : Array.isArray(sequence) ? sequence : [];
  const by = step ?? 1;
  if (by === 0) throw new Error('slice step cannot be zero');
  const n = items.length;
  const clamp = (value: number | null, fallback: number, low: number, high: number) =>
    value === null ? fallback : Math.min(Math.max(value < 0 ? value + n : value, low), high);
  const out: unknown[] = [];
  if (by > 0) for (let i = clamp(start, 0, 0, n), end = clamp(stop, n, 0, n); i < end; i += by) out.push(items[i]);
  else for (let i = clamp(start, n - 1, -1, n - 1), end = clamp(stop, -1, -1, n - 1); i > end; i += by) out.push(items[i]);
  return text ? out.join('') : out;
}
