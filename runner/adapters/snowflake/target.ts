// Turns a target block (dbt-snowflake profile keys) plus SNOWFLAKE_* environment variables into
// snowflake-sdk connection options. Target keys win; the environment fills what the target leaves out, so
// the default `snowflake` target can be empty and CI only sets variables. Nothing here connects.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '../../errors.js';

export type Authenticator = 'SNOWFLAKE' | 'SNOWFLAKE_JWT' | 'OAUTH' | 'PROGRAMMATIC_ACCESS_TOKEN' | 'EXTERNALBROWSER';

export interface SnowflakeSettings {
  account: string;
  user: string;
  authenticator: Authenticator;
  role?: string;
  warehouse?: string;
  database?: string;
  schema?: string;
  /** Secrets: never logged; `describeSettings` prints them as `***`. */
  password?: string;
  privateKey?: string;
  privateKeyPass?: string;
  token?: string;
  /** Loopback emulator / private link: full base URL (`http://127.0.0.1:PORT`). */
  accessUrl?: string;
  threads: number;
  /** Per-request network timeout (ms) and the total retry budget for login (s). */
  timeout?: number;
  retryTimeout?: number;
}

const ENV: Record<string, string> = {
  account: 'SNOWFLAKE_ACCOUNT',
  user: 'SNOWFLAKE_USER',
  role: 'SNOWFLAKE_ROLE',
  warehouse: 'SNOWFLAKE_WAREHOUSE',
  database: 'SNOWFLAKE_DATABASE',
  schema: 'SNOWFLAKE_SCHEMA',
  password: 'SNOWFLAKE_PASSWORD',
  private_key_path: 'SNOWFLAKE_PRIVATE_KEY_PATH',
  private_key: 'SNOWFLAKE_PRIVATE_KEY',
  private_key_passphrase: 'SNOWFLAKE_PRIVATE_KEY_PASSPHRASE',
  authenticator: 'SNOWFLAKE_AUTHENTICATOR',
  token: 'SNOWFLAKE_TOKEN',
  access_url: 'SNOWFLAKE_ACCESS_URL',
};

const SECRET_KEYS = new Set(['password', 'privateKey', 'privateKeyPass', 'token']);

function pick(target: Record<string, unknown>, env: NodeJS.ProcessEnv, key: string): string | undefined {
  const value = target[key];
  if (value !== undefined && value !== null && String(value) !== '') return String(value);
  const fromEnv = ENV[key] ? env[ENV[key]!] : undefined;
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

/** Private keys are secrets: refuse a file other users can read (as ssh does). */
function readPrivateKey(path: string, projectRoot: string): string {
  const absolute = isAbsolute(path) ? path : resolve(projectRoot, path);
  let mode: number;
  try {
    mode = statSync(absolute).mode;
  } catch {
    throw new UsageError(`Snowflake private key file not found: ${absolute}`, {
      hint: 'Check private_key_path in the target or SNOWFLAKE_PRIVATE_KEY_PATH.',
    });
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new UsageError(`Snowflake private key file ${absolute} is readable by group or others`, {
      hint: `Restrict it: chmod 600 ${absolute}`,
    });
  }
  return readFileSync(absolute, 'utf8');
}

export function resolveSettings(
  target: Record<string, unknown>,
  options: { projectRoot: string; threads: number; env?: NodeJS.ProcessEnv },
): SnowflakeSettings {
  const env = options.env ?? process.env;
  const get = (key: string) => pick(target, env, key);
  const missing = ['account', 'user'].filter((k) => !get(k));
  if (missing.length > 0) {
    throw new UsageError(`Snowflake target is missing ${missing.join(' and ')}`, {
      hint: `Set ${missing.map((k) => `${k} in the target or ${ENV[k]}`).join(', ')}.`,
    });
  }
  const keyPath = get('private_key_path');
  const inlineKey = get('private_key')?.replace(/\\n/g, '\n');
  const privateKey = keyPath ? readPrivateKey(keyPath, options.projectRoot) : inlineKey;
  const password = get('password');
  const token = get('token');
  const authenticator = (get('authenticator')?.toUpperCase() ??
    (privateKey ? 'SNOWFLAKE_JWT' : token ? 'OAUTH' : 'SNOWFLAKE')) as Authenticator;
  if (authenticator === 'SNOWFLAKE_JWT' && !privateKey) {
    throw new UsageError('Snowflake key-pair authentication needs a private key', {
      hint: 'Set private_key_path (or SNOWFLAKE_PRIVATE_KEY_PATH) to your rsa_key.p8; see `clv setup-snowflake --print`.',
    });
  }
  if (authenticator === 'SNOWFLAKE' && !password) {
    throw new UsageError('Snowflake target has no credentials', {
      hint: 'Use key-pair auth (SNOWFLAKE_PRIVATE_KEY_PATH + SNOWFLAKE_PRIVATE_KEY_PASSPHRASE), or SNOWFLAKE_PASSWORD for a trial account.',
    });
  }
  const number = (key: string) => (get(key) === undefined ? undefined : Number(get(key)));
  return {
    account: get('account')!,
    user: get('user')!,
    authenticator,
    role: get('role'),
    warehouse: get('warehouse'),
    database: get('database'),
    schema: get('schema'),
    password: authenticator === 'SNOWFLAKE' ? password : undefined,
    privateKey: authenticator === 'SNOWFLAKE_JWT' ? privateKey : undefined,
    privateKeyPass: authenticator === 'SNOWFLAKE_JWT' ? get('private_key_passphrase') : undefined,
    token,
    accessUrl: get('access_url'),
    threads: Math.max(1, options.threads),
    timeout: number('timeout_ms'),
    retryTimeout: number('retry_timeout_seconds'),
  };
}

/** The settings with every secret masked: safe for `clv debug`, logs and error messages. */
export function describeSettings(settings: SnowflakeSettings): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(settings)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, SECRET_KEYS.has(k) ? '***' : v]),
  );
}

/** Every secret value in the settings, so error text can be scrubbed before it is shown. */
export function secretsOf(settings: SnowflakeSettings): string[] {
  return [settings.password, settings.privateKey, settings.privateKeyPass, settings.token].filter(
    (s): s is string => !!s && s.length >= 4,
  );
}
