// DuckDB result → Snowflake JSON result encoding (reference §2): `rowtype` descriptors and a `rowset` of
// strings in the wire encodings the driver decodes (dates as epoch days, timestamps as epoch seconds with
// nine fraction digits, booleans "1"/"0", semi-structured values as JSON text).

export interface RowType {
  name: string;
  type: string;
  precision: number | null;
  scale: number | null;
  nullable: boolean;
  length: number | null;
  byteLength: number | null;
}

function describe(name: string, duckType: string): RowType {
  const base = { name, precision: null, scale: null, nullable: true, length: null, byteLength: null };
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckType);
  if (decimal) return { ...base, type: 'fixed', precision: Number(decimal[1]), scale: Number(decimal[2]) };
  if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)$/.test(duckType)) return { ...base, type: 'fixed', precision: 38, scale: 0 };
  if (/^(DOUBLE|FLOAT|REAL)$/.test(duckType)) return { ...base, type: 'real' };
  if (duckType === 'BOOLEAN') return { ...base, type: 'boolean' };
  if (duckType === 'DATE') return { ...base, type: 'date' };
  if (duckType === 'TIME') return { ...base, type: 'time', scale: 9 };
  if (duckType === 'TIMESTAMP WITH TIME ZONE') return { ...base, type: 'timestamp_ltz', scale: 9 };
  if (duckType.startsWith('TIMESTAMP')) return { ...base, type: 'timestamp_ntz', scale: 9 };
  if (duckType === 'BLOB') return { ...base, type: 'binary', length: 8388608, byteLength: 8388608 };
  if (duckType.startsWith('STRUCT') || duckType.startsWith('MAP') || duckType.endsWith(']')) return { ...base, type: 'variant' };
  return { ...base, type: 'text', length: 16777216, byteLength: 16777216 };
}

/** "2024-03-01 10:11:12.123456[+00]" → "1709287872.123456000" */
function epochSeconds(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([+-]\d{2}(?::?\d{2})?)?$/.exec(text);
  if (!m) return text;
  const offset = m[4] ? (m[4].length === 3 ? `${m[4]}:00` : m[4]) : 'Z';
  const seconds = Math.floor(Date.parse(`${m[1]}T${m[2]}${offset}`) / 1000);
  return `${seconds}.${(m[3] ?? '').padEnd(9, '0')}`;
}

function encode(value: unknown, type: RowType): string | null {
  if (value === null || value === undefined) return null;
  switch (type.type) {
    case 'boolean':
      return value ? '1' : '0';
    case 'date':
      return String(Date.parse(`${String(value)}T00:00:00Z`) / 86_400_000);
    case 'time': {
      const [h, m, s] = String(value).split(':');
      return String(Number(h) * 3600 + Number(m) * 60 + Number(s));
    }
    case 'timestamp_ntz':
    case 'timestamp_ltz':
      return epochSeconds(String(value));
    case 'variant':
      return JSON.stringify(value);
    case 'binary':
      return Buffer.from(String(value), 'binary').toString('hex').toUpperCase();
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

export function toRowset(names: string[], duckTypes: string[], rows: unknown[][]): { rowtype: RowType[]; rowset: (string | null)[][] } {
  const rowtype = names.map((name, i) => describe(name, duckTypes[i]!));
  return { rowtype, rowset: rows.map((row) => row.map((v, i) => encode(v, rowtype[i]!))) };
}
