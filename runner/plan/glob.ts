// Unix shell wildcards as Python's fnmatch spells them (`*`, `?`, `[abc]`, `[!a-z]`), which is what dbt
// applies to selector values. `*` crosses `.` and `/`, exactly like fnmatch.

const compiled = new Map<string, RegExp | string>();

export function hasWildcard(pattern: string): boolean {
  return /[*?[\]]/.test(pattern);
}

export function fnmatch(name: string, pattern: string): boolean {
  return match(name, pattern, false);
}

/** Like a shell glob on paths (what dbt's `path:` does with Path.glob): `*` stays inside one folder, `**`
 * crosses folders. */
export function pathmatch(path: string, pattern: string): boolean {
  return match(path, pattern, true);
}

function match(name: string, pattern: string, paths: boolean): boolean {
  const key = (paths ? 'p:' : 'n:') + pattern;
  let matcher = compiled.get(key);
  if (matcher === undefined) {
    matcher = hasWildcard(pattern) ? toRegExp(pattern, paths) : pattern;
    compiled.set(key, matcher);
  }
  return typeof matcher === 'string' ? name === matcher : matcher.test(name);
}

function toRegExp(pattern: string, paths: boolean): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && paths && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') {
        out += '(?:.*/)?';
        i++;
      } else out += '.*';
    } else if (c === '*') out += paths ? '[^/]*' : '.*';
    else if (c === '?' && paths) out += '[^/]';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      out += '[' + body.replace(/\\/g, '\\\\') + ']';
      i = close;
    } else out += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 's');
}
