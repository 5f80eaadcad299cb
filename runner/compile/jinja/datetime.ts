// dbt's `run_started_at` is a Python datetime (UTC), not a string: projects call
// `run_started_at.strftime('%Y-%m-%d')`, `.isoformat()`, read `.year`, and print it, which gives Python's
// str(datetime). This is that object for the few things templates do with it; times are UTC, as in dbt.
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

export class PyDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;

  constructor(readonly instant: Date) {
    this.year = instant.getUTCFullYear();
    this.month = instant.getUTCMonth() + 1;
    this.day = instant.getUTCDate();
    this.hour = instant.getUTCHours();
    this.minute = instant.getUTCMinutes();
    this.second = instant.getUTCSeconds();
    this.microsecond = instant.getUTCMilliseconds() * 1000;
  }

  /** Python's strftime for the directives dbt projects use; an unknown one is kept as written. */
  strftime(format: string): string {
    const d = this.instant;
    const dayOfYear = Math.floor((Date.UTC(this.year, this.month - 1, this.day) - Date.UTC(this.year, 0, 1)) / 86_400_000) + 1;
    const codes: Record<string, string> = {
      Y: String(this.year), y: pad(this.year % 100), m: pad(this.month), d: pad(this.day),
      H: pad(this.hour), I: pad(this.hour % 12 || 12), p: this.hour < 12 ? 'AM' : 'PM', M: pad(this.minute), S: pad(this.second),
      f: pad(this.microsecond, 6), j: pad(dayOfYear, 3), A: DAYS[d.getUTCDay()]!, a: DAYS[d.getUTCDay()]!.slice(0, 3),
      B: MONTHS[this.month - 1]!, b: MONTHS[this.month - 1]!.slice(0, 3), w: String(d.getUTCDay()), z: '+0000', Z: 'UTC', '%': '%',
    };
    return format.replace(/%([A-Za-z%])/g, (match, code: string) => codes[code] ?? match);
  }

  isoformat(sep = 'T'): string {
    return `${this.strftime('%Y-%m-%d')}${sep}${this.strftime('%H:%M:%S.%f')}+00:00`;
  }

  timestamp(): number {
    return this.instant.getTime() / 1000;
  }

  /** str(datetime) in Python: what `{{ run_started_at }}` prints. */
  toString(): string {
    return this.isoformat(' ');
  }
}

/** A Python date: a datetime at midnight UTC that prints as YYYY-MM-DD (`modules.datetime.date.today()`). */
export class PyDate extends PyDateTime {
  override isoformat(): string {
    return this.strftime('%Y-%m-%d');
  }

  override toString(): string {
    return this.isoformat();
  }
}

/** A Python timedelta, kept in milliseconds; `datetime ± timedelta` goes through pyAdd / pySub. */
export class PyTimedelta {
  constructor(readonly milliseconds: number) {}

  get days(): number {
    return Math.floor(this.milliseconds / 86_400_000);
  }

  total_seconds(): number {
    return this.milliseconds / 1000;
  }

  toString(): string {
    const seconds = Math.floor(this.milliseconds / 1000) - this.days * 86_400;
    const clock = `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
    return this.days ? `${this.days} day${Math.abs(this.days) === 1 ? '' : 's'}, ${clock}` : clock;
  }
}

/** A datetime moved by `delta`, keeping the date kind (date ± timedelta is a date). */
export function shifted(value: PyDateTime, milliseconds: number): PyDateTime {
  const instant = new Date(value.instant.getTime() + milliseconds);
  return value instanceof PyDate ? new PyDate(instant) : new PyDateTime(instant);
}

