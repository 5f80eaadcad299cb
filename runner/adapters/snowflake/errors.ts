// snowflake-sdk errors → DatabaseError with what to check. Server errors carry a string `code` and
// `sqlState`; client errors a numeric code (reference §1). Secrets are scrubbed from every message.
import { DatabaseError } from '../../errors.js';

interface SdkError {
  message?: string;
  code?: string | number;
  sqlState?: string;
  data?: { queryId?: string };
}

const HINTS: [test: (code: string, message: string) => boolean, hint: string][] = [
  [(c) => c === '390100' || c === '390144' || c === '394304',
    'Authentication failed: check SNOWFLAKE_USER, the password or that the public key set with `alter user … set rsa_public_key` matches SNOWFLAKE_PRIVATE_KEY_PATH (compare RSA_PUBLIC_KEY_FP from `desc user`).'],
  [(c, m) => /JWT|private key|passphrase|decrypt/i.test(m) || c === '390186',
    'Key-pair login failed: check SNOWFLAKE_PRIVATE_KEY_PASSPHRASE for an encrypted key and that the key file is PKCS#8 (BEGIN [ENCRYPTED] PRIVATE KEY).'],
  [(c) => c === '390104' || c === '390111' || c === '390112',
    'The session expired or was closed: rerun; long idle pools reconnect automatically.'],
  [(c) => c === '401001' || c === '401002',
    'Cannot reach Snowflake: check SNOWFLAKE_ACCOUNT (orgname-accountname or locator.region, without .snowflakecomputing.com), proxy settings and network access.'],
  [(c) => c === '404007' || c === '404008',
    'The Snowflake target needs account and user (SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER).'],
  [(c, m) => c === '002003' && /not authorized/i.test(m),
    'The role lacks a privilege: check SNOWFLAKE_ROLE and run `clv setup-snowflake --print` for the grants TRANSFORMER needs.'],
  [(c) => c === '002003' || c === '002043',
    'The object does not exist or the role cannot see it: check database/schema names and the role’s USAGE grants.'],
  [(c) => c === '003001' || c === '003041',
    'Insufficient privileges: check SNOWFLAKE_ROLE and the grants from `clv setup-snowflake`.'],
  [(c, m) => c === '000606' || /no active warehouse/i.test(m),
    'No warehouse: set SNOWFLAKE_WAREHOUSE (e.g. TRANSFORMING) and grant USAGE on it to the role.'],
  [(c) => c === '001003',
    'Snowflake SQL syntax error: validate the compiled SQL offline with the snowflake-validate tests.'],
];

export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

export function toDatabaseError(error: unknown, secrets: string[], sql?: string): DatabaseError {
  const e = (error ?? {}) as SdkError;
  const code = e.code === undefined ? '' : String(e.code);
  const raw = e.message ?? String(error);
  const message = scrub(raw, secrets);
  const hint = HINTS.find(([test]) => test(code, message))?.[1];
  const queryId = e.data?.queryId ? ` (query id ${e.data.queryId})` : '';
  const prefix = code ? `Snowflake error ${code}${e.sqlState ? `/${e.sqlState}` : ''}${queryId}: ` : '';
  const where = sql ? `\n  in: ${scrub(sql.slice(0, 200), secrets)}${sql.length > 200 ? '…' : ''}` : '';
  // The cause is not attached: driver errors can carry request bodies (binds, tokens).
  return new DatabaseError(`${prefix}${message}${where}`, { hint });
}
