// A copy of nunjucks' runtime with dbt's Jinja semantics layered on: Python member methods, `None`/`True`/
// `False`, and macros that honour `{{ return(x) }}`. Compiled templates receive this object as `runtime`
// (we call their root ourselves), so nothing global is monkey-patched.
import nunjucks from 'nunjucks';
import { DICT_METHODS, LIST_METHODS, STRING_METHODS, isPlainDict } from './python.js';
import { pyAdd, pyMod, pySub } from './python-operators.js';
import { NAMED_ITEMS } from '../introspection/agate.js';

const base = nunjucks.runtime as unknown as Record<string, any>;

export interface MacroMeta {
  uniqueId?: string;
  name?: string;
  file?: string;
}

export interface MacroHooks {
  /** Called on every macro invocation (to record depends_on.macros). */
  onCall(meta: MacroMeta): void;
}

interface ReturnSlot {
  set: boolean;
  value: unknown;
}

const PY_CONSTANTS: Record<string, unknown> = { None: null, True: true, False: false };

export interface JinjaRuntime {
  runtime: Record<string, any>;
  /** dbt's `return()`: the innermost running macro evaluates to `value` instead of its text. */
  setReturn(value: unknown): void;
  metaOf(macro: unknown): MacroMeta | undefined;
}

export function createRuntime(hooks: MacroHooks): JinjaRuntime {
  const returns: ReturnSlot[] = [];
  const metas = new WeakMap<object, MacroMeta>();

  const memberLookup = (obj: unknown, name: string): unknown => {
    if (obj === undefined || obj === null) return undefined;
    if (obj instanceof base.SafeString) obj = String(obj);
    // Python's negative index counts from the end (`fqn[-1]`, `name[-1]`).
    if (typeof name === 'number' && name < 0 && (typeof obj === 'string' || Array.isArray(obj))) return obj[obj.length + name];
    if (typeof obj === 'string') {
      const method = STRING_METHODS[name];
      if (method) return (...args: unknown[]) => (method as (...a: unknown[]) => unknown)(obj, ...args);
      return (obj as unknown as Record<string, unknown>)[name];
    }
    if (Array.isArray(obj)) {
      // A query result's row or column list: a column named `count` is the column, not list.count().
      if ((obj as unknown as Record<symbol, Map<string, number> | undefined>)[NAMED_ITEMS]?.has(name)) return (obj as unknown as Record<string, unknown>)[name];
      const method = LIST_METHODS[name];
      if (method) return (...args: unknown[]) => (method as (...a: unknown[]) => unknown)(obj, ...args);
    }
    const value = (obj as Record<string, unknown>)[name];
    // A method is bound to its object; a callable that carries members of its own (a Python class such as
    // `datetime.date`, called as `date(2024, 1, 31)` and read as `date.today()`) is returned as it is.
    if (typeof value === 'function' && Object.keys(value).length === 0) return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(obj, args);
    if (value !== undefined) return value;
    if (isPlainDict(obj) && DICT_METHODS[name]) {
      const method = DICT_METHODS[name] as (...a: unknown[]) => unknown;
      return (...args: unknown[]) => method(obj, ...args);
    }
    return undefined;
  };

  const contextOrFrameLookup = (context: any, frame: any, name: string): unknown => {
    const value = frame.lookup(name);
    if (value !== undefined) return value;
    const fromContext = context.lookup(name);
    if (fromContext !== undefined) return fromContext;
    return name in PY_CONSTANTS ? PY_CONSTANTS[name] : undefined;
  };

  // The slot approach (instead of throwing) matters: nunjucks restores a macro's frame only on normal exit,
  // so unwinding through a macro would corrupt the caller's local variables. The rest of the macro body still
  // runs but its text is discarded; the first return() wins, as in dbt.
  const makeMacro = (argNames: string[], kwargNames: string[], func: (...args: unknown[]) => unknown) => {
    const meta: MacroMeta = {};
    const macro = base.makeMacro(argNames, kwargNames, function (this: unknown, ...args: unknown[]) {
      hooks.onCall(meta);
      const slot: ReturnSlot = { set: false, value: undefined };
      returns.push(slot);
      try {
        const output = func.apply(this, args);
        return slot.set ? slot.value : output;
      } catch (error) {
        if (error && typeof error === 'object' && meta.name && !('clvMacro' in error)) {
          Object.defineProperty(error, 'clvMacro', { value: meta, enumerable: false });
        }
        throw error;
      } finally {
        returns.pop();
      }
    });
    metas.set(macro, meta);
    return macro;
  };

  return {
    runtime: { ...base, memberLookup, contextOrFrameLookup, makeMacro, pyMod, pyAdd, pySub },
    setReturn(value) {
      const slot = returns[returns.length - 1];
      if (slot && !slot.set) {
        slot.set = true;
        slot.value = value;
      }
    },
    metaOf: (macro) => (macro && typeof macro === 'object') || typeof macro === 'function' ? metas.get(macro as object) : undefined,
  };
}
