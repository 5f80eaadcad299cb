// Jinja's `%`, `+` and tuples follow Python: `"%s_%s" % (a, b)` formats a string, `[1] + [2]` joins lists. Nunjucks
// emits JavaScript's `%` and `+` (NaN, "1,2"), so dbt macros that build names or column lists went wrong.
// The compiler is taught to emit a call instead: `runtime.pyMod(l, r)` when the runtime has it (ours, see
// runtime.ts), else the JavaScript operator, so templates compiled for nunjucks' own runtime still work.
import nunjucks from 'nunjucks';

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
  // A parenthesised list with commas is a Python tuple (`('a', 'b')`), not JavaScript's comma operator.
  const group = proto.compileGroup as (this: unknown, node: { children: unknown[] }, frame: unknown) => void;
  proto.compileGroup = function (this: { _compileAggregate(node: unknown, frame: unknown, start: string, end: string): void }, node: { children: unknown[] }, frame: unknown) {
    if (node.children.length > 1) this._compileAggregate(node, frame, '[', ']');
    else group.call(this, node, frame);
  };
  proto.compileAdd = call('pyAdd', '+');
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

/** Python's `+`: lists concatenate; everything else as JavaScript. */
export function pyAdd(left: unknown, right: unknown): unknown {
  if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
  return (left as number) + (right as number);
}

const pyStr = (value: unknown): string =>
  value === null || value === undefined ? 'None' : value === true ? 'True' : value === false ? 'False' : String(value);

function format(template: string, args: unknown): string {
  const named = args !== null && typeof args === 'object' && !Array.isArray(args) && !isText(args) ? (args as Record<string, unknown>) : undefined;
  const positional = Array.isArray(args) ? args : [args];
  let next = 0;
  return template.replace(/%(?:\(([^)]+)\))?([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifrx%])/g, (_match, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, kind: string) => {
    if (kind === '%') return '%';
    const value = key !== undefined && named ? named[key] : positional[next++];
    let text: string;
    if (kind === 'd' || kind === 'i') text = String(Math.trunc(Number(value)));
    else if (kind === 'f') text = Number(value).toFixed(precision === undefined ? 6 : Number(precision));
    else if (kind === 'x') text = Math.trunc(Number(value)).toString(16);
    else if (kind === 'r') text = typeof value === 'string' ? `'${value}'` : pyStr(value);
    else text = pyStr(value);
    if (width) text = flags.includes('-') ? text.padEnd(Number(width)) : text.padStart(Number(width), flags.includes('0') && kind !== 's' ? '0' : ' ');
    return text;
  });
}
