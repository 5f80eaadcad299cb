// Python's str/list/dict methods that dbt projects call from Jinja (`'x'.upper()`, `cols.append(c)`,
// `d.items()`). Nunjucks resolves `obj.name` through runtime.memberLookup; our runtime consults these tables
// first, so Python spellings win over same-named JS ones whose semantics differ (`str.replace`, `str.split`).
type Method = (self: never, ...args: never[]) => unknown;

const pyStrip = (text: string, chars: string | undefined, side: 'both' | 'left' | 'right'): string => {
  if (chars === undefined || chars === null) {
    return side === 'both' ? text.trim() : side === 'left' ? text.trimStart() : text.trimEnd();
  }
  let start = 0;
  let end = text.length;
  if (side !== 'right') while (start < end && chars.includes(text[start]!)) start++;
  if (side !== 'left') while (end > start && chars.includes(text[end - 1]!)) end--;
  return text.slice(start, end);
};

const formatString = (template: string, ...args: unknown[]): string => {
  const last = args[args.length - 1] as Record<string, unknown> | undefined;
  const kwargs = last && typeof last === 'object' && '__keywords' in last ? (args.pop() as Record<string, unknown>) : {};
  let auto = 0;
  return template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (match, field: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    const key = (field ?? '').split(':')[0]!;
    const value = key === '' ? args[auto++] : /^\d+$/.test(key) ? args[Number(key)] : kwargs[key];
    return value === undefined || value === null ? String(value === null ? 'None' : '') : String(value);
  });
};

export const STRING_METHODS: Record<string, Method> = {
  upper: (s: string) => s.toUpperCase(),
  lower: (s: string) => s.toLowerCase(),
  strip: (s: string, chars?: string) => pyStrip(s, chars, 'both'),
  lstrip: (s: string, chars?: string) => pyStrip(s, chars, 'left'),
  rstrip: (s: string, chars?: string) => pyStrip(s, chars, 'right'),
  startswith: (s: string, prefix: string | string[]) => (Array.isArray(prefix) ? prefix : [prefix]).some((p) => s.startsWith(p)),
  endswith: (s: string, suffix: string | string[]) => (Array.isArray(suffix) ? suffix : [suffix]).some((p) => s.endsWith(p)),
  split: (s: string, sep?: string | null, max?: number) => {
    const parts = sep === undefined || sep === null ? s.trim().split(/\s+/).filter((p) => p !== '') : s.split(sep);
    if (max === undefined || max < 0 || parts.length <= max + 1) return parts;
    return [...parts.slice(0, max), parts.slice(max).join(sep ?? ' ')];
  },
  rsplit: (s: string, sep?: string | null) => (sep === undefined || sep === null ? s.trim().split(/\s+/) : s.split(sep)),
  replace: (s: string, old: string, replacement: string, count?: number) => {
    if (count === undefined || count < 0) return s.split(old).join(replacement);
    let out = s;
    for (let i = 0; i < count; i++) out = out.replace(old, replacement);
    return out;
  },
  format: formatString,
  join: (s: string, items: unknown[]) => Array.from(items ?? [], String).join(s),
  title: (s: string) => s.toLowerCase().replace(/(^|[^A-Za-z0-9])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase()),
  capitalize: (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1).toLowerCase() : s),
  find: (s: string, sub: string) => s.indexOf(sub),
  index: (s: string, sub: string) => {
    const i = s.indexOf(sub);
    if (i < 0) throw new Error(`substring '${sub}' not found`);
    return i;
  },
  count: (s: string, sub: string) => (sub ? s.split(sub).length - 1 : s.length + 1),
  isdigit: (s: string) => /^\d+$/.test(s),
  isnumeric: (s: string) => /^\d+$/.test(s),
  isalpha: (s: string) => /^[A-Za-z]+$/.test(s),
  isalnum: (s: string) => /^[A-Za-z0-9]+$/.test(s),
  isupper: (s: string) => s.toUpperCase() === s && s.toLowerCase() !== s,
  islower: (s: string) => s.toLowerCase() === s && s.toUpperCase() !== s,
  zfill: (s: string, width: number) => s.padStart(width, '0'),
  ljust: (s: string, width: number, fill = ' ') => s.padEnd(width, fill),
  rjust: (s: string, width: number, fill = ' ') => s.padStart(width, fill),
  splitlines: (s: string) => s.split(/\r?\n/),
  encode: (s: string) => s,
};

export const LIST_METHODS: Record<string, Method> = {
  append: (list: unknown[], item: unknown) => {
    list.push(item);
    return '';
  },
  extend: (list: unknown[], items: unknown[]) => {
    list.push(...Array.from(items ?? []));
    return '';
  },
  insert: (list: unknown[], index: number, item: unknown) => {
    list.splice(index, 0, item);
    return '';
  },
  pop: (list: unknown[], index?: number) => (index === undefined ? list.pop() : list.splice(index, 1)[0]),
  remove: (list: unknown[], item: unknown) => {
    const i = list.indexOf(item);
    if (i < 0) throw new Error('list.remove(x): x not in list');
    list.splice(i, 1);
    return '';
  },
  index: (list: unknown[], item: unknown) => {
    const i = list.indexOf(item);
    if (i < 0) throw new Error(`${String(item)} is not in list`);
    return i;
  },
  count: (list: unknown[], item: unknown) => list.filter((x) => x === item).length,
  copy: (list: unknown[]) => [...list],
  clear: (list: unknown[]) => {
    list.length = 0;
    return '';
  },
};

export const DICT_METHODS: Record<string, Method> = {
  items: (d: Record<string, unknown>) => Object.entries(d),
  keys: (d: Record<string, unknown>) => Object.keys(d),
  values: (d: Record<string, unknown>) => Object.values(d),
  get: (d: Record<string, unknown>, key: string, fallback: unknown = null) => (Object.prototype.hasOwnProperty.call(d, key) && d[key] !== undefined ? d[key] : fallback),
  update: (d: Record<string, unknown>, other: Record<string, unknown>) => {
    const { __keywords: _ignored, ...rest } = (other ?? {}) as Record<string, unknown>;
    Object.assign(d, rest);
    return '';
  },
  pop: (d: Record<string, unknown>, key: string, fallback: unknown = null) => {
    const value = key in d ? d[key] : fallback;
    delete d[key];
    return value;
  },
  setdefault: (d: Record<string, unknown>, key: string, fallback: unknown = null) => {
    if (!(key in d)) d[key] = fallback;
    return d[key];
  },
  copy: (d: Record<string, unknown>) => ({ ...d }),
  has_key: (d: Record<string, unknown>, key: string) => key in d,
};

export function isPlainDict(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
