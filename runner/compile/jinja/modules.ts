// dbt's `modules` context: Python's datetime, re and pytz, for the things dbt macros do with them (today's
// date as a var default, `now - timedelta(days=7)`, a regex rename). A subset written against the Python
// documentation; times are UTC (pytz time zones are accepted and not applied: clv compiles, the warehouse
// converts).
import { ProjectError } from '../../errors.js';
import { PyDate, PyDateTime, PyTimedelta } from './datetime.js';
import { param, splitArgs } from './kwargs.js';

const DAY = 86_400_000;

function timedelta(...args: unknown[]): PyTimedelta {
  const call = splitArgs(args);
  const n = (index: number, name: string) => Number(param(call, index, name, 0));
  const ms = n(0, 'days') * DAY + n(1, 'seconds') * 1000 + n(2, 'microseconds') / 1000 + n(3, 'milliseconds') + n(4, 'minutes') * 60_000 + n(5, 'hours') * 3_600_000 + n(6, 'weeks') * 7 * DAY;
  return new PyTimedelta(ms);
}

function parseIso(text: unknown, kind: 'date' | 'datetime'): PyDateTime {
  const value = String(text);
  const instant = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) || value.length <= 10 ? value : `${value.replace(' ', 'T')}Z`);
  if (Number.isNaN(instant.getTime())) throw new ProjectError(`cannot read '${value}' as a ${kind}`, { hint: 'Use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS.' });
  return kind === 'date' ? new PyDate(instant) : new PyDateTime(instant);
}

/** strptime for the numeric directives (%Y %m %d %H %M %S); enough for ISO-like var values. */
function strptime(text: unknown, format: unknown): PyDateTime {
  const parts: Record<string, number> = { Y: 1970, m: 1, d: 1, H: 0, M: 0, S: 0 };
  const order: string[] = [];
  const pattern = String(format).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%([YmdHMS])/g, (_m, code: string) => {
    order.push(code);
    return code === 'Y' ? '(\\d{4})' : '(\\d{1,2})';
  });
  const match = new RegExp(`^${pattern}$`).exec(String(text));
  if (!match) throw new ProjectError(`time data '${String(text)}' does not match format '${String(format)}'`);
  order.forEach((code, i) => (parts[code] = Number(match[i + 1])));
  return new PyDateTime(new Date(Date.UTC(parts.Y!, parts.m! - 1, parts.d!, parts.H!, parts.M!, parts.S!)));
}

/** Python's `datetime(year, month, day[, hour, minute, second, microsecond])` and `date(year, month, day)`,
 * positional or by keyword; a missing required part is an error, as in Python. */
function constructor<T extends PyDateTime>(kind: 'date' | 'datetime', make: (instant: Date) => T) {
  const parts = kind === 'date' ? ['year', 'month', 'day'] : ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'];
  return (...args: unknown[]): T => {
    const call = splitArgs(args);
    const [year, month, day, hour, minute, second, microsecond] = parts.map((name, i) => {
      const value = param(call, i, name, i < 3 ? undefined : 0);
      if (value === undefined || Number.isNaN(Number(value))) {
        throw new ProjectError(`${kind}() needs a number for '${name}' (got ${String(value)})`, { hint: `Call it as modules.datetime.${kind}(2024, 1, 31).` });
      }
      return Number(value);
    });
    const instant = new Date(Date.UTC(year!, month! - 1, day!, hour ?? 0, minute ?? 0, second ?? 0, (microsecond ?? 0) / 1000));
    if (instant.getUTCMonth() !== month! - 1 || instant.getUTCDate() !== day!) throw new ProjectError(`${kind}(${parts.slice(0, 3).map((_, i) => [year, month, day][i]).join(', ')}): day is out of range for month`);
    return make(instant);
  };
}

/** Python regex syntax as far as JavaScript shares it; (?P<name>...) becomes (?<name>...). */
const regex = (pattern: unknown, flags = '') => new RegExp(String(pattern).replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>'), flags);

class PyMatch {
  constructor(private readonly found: RegExpExecArray) {}
  group(index: number | string = 0): string | null {
    return (typeof index === 'number' ? this.found[index] : this.found.groups?.[index]) ?? null;
  }
  groups(): (string | null)[] {
    return this.found.slice(1).map((g) => g ?? null);
  }
  start(): number {
    return this.found.index;
  }
}

function reModule() {
  const flagsOf = (flags: unknown) => (Number(flags ?? 0) & 2 ? 'i' : '');
  const api = {
    IGNORECASE: 2,
    I: 2,
    match: (p: unknown, s: unknown, flags?: unknown) => {
      const found = regex(`^(?:${String(p)})`, flagsOf(flags)).exec(String(s));
      return found ? new PyMatch(found) : null;
    },
    fullmatch: (p: unknown, s: unknown, flags?: unknown) => {
      const found = regex(`^(?:${String(p)})$`, flagsOf(flags)).exec(String(s));
      return found ? new PyMatch(found) : null;
    },
    search: (p: unknown, s: unknown, flags?: unknown) => {
      const found = regex(p, flagsOf(flags)).exec(String(s));
      return found ? new PyMatch(found) : null;
    },
    sub: (p: unknown, repl: unknown, s: unknown, count?: unknown, flags?: unknown) => {
      const limit = Number(count ?? 0);
      let done = 0;
      // Python writes group references as \1 and \g<name>; JavaScript as $1 and $<name>.
      const replacement = String(repl).replace(/\$/g, '$$$$').replace(/\\g<(\w+)>/g, '$<$1>').replace(/\\(\d+)/g, '$$$1');
      return String(s).replace(regex(p, `g${flagsOf(flags)}`), (...m) => (limit && done++ >= limit ? m[0] : String(m[0]).replace(regex(p, flagsOf(flags)), replacement)));
    },
    findall: (p: unknown, s: unknown, flags?: unknown) =>
      [...String(s).matchAll(regex(p, `g${flagsOf(flags)}`))].map((m) => (m.length > 2 ? m.slice(1) : (m[1] ?? m[0]))),
    split: (p: unknown, s: unknown) => String(s).split(regex(p)),
    escape: (s: unknown) => String(s).replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'),
    compile: (p: unknown, flags?: unknown) => ({
      match: (s: unknown) => api.match(p, s, flags),
      fullmatch: (s: unknown) => api.fullmatch(p, s, flags),
      search: (s: unknown) => api.search(p, s, flags),
      sub: (repl: unknown, s: unknown, count?: unknown) => api.sub(p, repl, s, count, flags),
      findall: (s: unknown) => api.findall(p, s, flags),
      split: (s: unknown) => api.split(p, s),
      pattern: String(p),
    }),
  };
  return api;
}

/** The `modules` global. `now` is the compile's clock (run_started_at), so a compile is reproducible. */
export function pyModules(now: Date) {
  const today = () => new PyDate(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())));
  return {
    datetime: {
      // callable like the Python classes (`datetime(2024, 1, 31)`) and carrying their class methods
      datetime: Object.assign(constructor('datetime', (instant) => new PyDateTime(instant)), {
        now: () => new PyDateTime(now),
        utcnow: () => new PyDateTime(now),
        today: () => new PyDateTime(now),
        fromisoformat: (text: unknown) => parseIso(text, 'datetime'),
        strptime,
      }),
      date: Object.assign(constructor('date', (instant) => new PyDate(instant)), { today, fromisoformat: (text: unknown) => parseIso(text, 'date') }),
      timedelta,
      timezone: { utc: 'UTC' },
    },
    re: reModule(),
    pytz: { timezone: (name: unknown) => String(name), utc: 'UTC', UTC: 'UTC' },
  };
}
