// Inline `?` and `:N` binds as SQL literals. A scanner, not a regex: a `:` or `?` inside '13:14:15', a
// quoted identifier or a comment is text, not a bind (reference §2), and `::` is a cast.

export interface WireBind {
  type: string;
  value: string | null | (string | null)[];
}

function literal(bind: WireBind, value: string | null): string {
  if (value === null) return 'NULL';
  if (bind.type === 'FIXED' || bind.type === 'REAL') return value;
  if (bind.type === 'BOOLEAN') return /^(true|1)$/i.test(value) ? 'TRUE' : 'FALSE';
  return `'${value.replace(/'/g, "''")}'`;
}

/** Replace binds using row `row` of array binds (0 for scalar binds). */
export function inlineBinds(sql: string, bindings: Record<string, WireBind>, row = 0): string {
  let out = '';
  let positional = 0;
  let i = 0;
  const valueOf = (key: string): string => {
    const bind = bindings[key];
    if (!bind) throw new Error(`no bind for position ${key}`);
    const v = Array.isArray(bind.value) ? (bind.value[row] ?? null) : bind.value;
    return literal(bind, v);
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === c && sql[j + 1] !== c)) j += sql[j] === c ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const j = end === -1 ? sql.length : end;
      out += sql.slice(i, j);
      i = j;
    } else if (c === '?') {
      positional++;
      out += valueOf(String(positional));
      i++;
    } else if (c === ':' && sql[i + 1] === ':') {
      out += '::';
      i += 2;
    } else if (c === ':' && /\d/.test(sql[i + 1] ?? '')) {
      const m = /^:(\d+)/.exec(sql.slice(i))!;
      out += valueOf(m[1]!);
      i += m[0].length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Rows in an array bind (1 for scalar binds). */
export function bindRows(bindings: Record<string, WireBind> | undefined): number {
  const first = bindings ? Object.values(bindings)[0] : undefined;
  return first && Array.isArray(first.value) ? first.value.length : 1;
}
