// `clv setup-snowflake`: the RBAC layout dbt projects on Snowflake converge on (reference §4) as idempotent
// SQL: LOADER writes RAW, TRANSFORMER reads RAW and owns ANALYTICS, REPORTER reads ANALYTICS, one
// auto-suspending warehouse per workload, and future grants so BI readers see marts built later. Printing
// needs nothing; --apply runs it with SNOWFLAKE_* credentials of a user holding SYSADMIN and SECURITYADMIN.
import { readFileSync } from 'node:fs';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import { quoteLiteral } from './identifiers.js';

export interface SetupOptions {
  rawDatabase?: string;
  analyticsDatabase?: string;
  /** Service user for `clv build` with key-pair auth; omitted means no user statements. */
  user?: string;
  /** PEM public key (rsa_key.pub); its base64 body goes into `rsa_public_key`. */
  publicKeyPem?: string;
  /** Seconds before an idle warehouse suspends (billing stops); loading keeps its own longer window. */
  autoSuspend?: number;
}

const WAREHOUSES = [
  { name: 'loading', role: 'loader' },
  { name: 'transforming', role: 'transformer' },
  { name: 'reporting', role: 'reporter' },
];

/** The base64 body of a PEM public key, as `alter user … set rsa_public_key` wants it. */
export function publicKeyBody(pem: string): string {
  if (!/BEGIN PUBLIC KEY/.test(pem)) {
    throw new UsageError('not a PEM public key (expected BEGIN PUBLIC KEY)', {
      hint: 'Create it with: openssl rsa -in rsa_key.p8 -pubout -out rsa_key.pub',
    });
  }
  return pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
}

export function setupStatements(options: SetupOptions = {}): string[] {
  const raw = options.rawDatabase ?? 'raw';
  const analytics = options.analyticsDatabase ?? 'analytics';
  const suspend = options.autoSuspend ?? 60;
  const readAll = (db: string, role: string) => [
    `grant usage on database ${db} to role ${role}`,
    `grant usage on all schemas in database ${db} to role ${role}`,
    `grant usage on future schemas in database ${db} to role ${role}`,
    `grant select on all tables in database ${db} to role ${role}`,
    `grant select on future tables in database ${db} to role ${role}`,
    `grant select on all views in database ${db} to role ${role}`,
    `grant select on future views in database ${db} to role ${role}`,
  ];
  const sql = [
    '-- objects, owned by SYSADMIN',
    'use role sysadmin',
    `create database if not exists ${raw}`,
    `create database if not exists ${analytics}`,
    ...WAREHOUSES.map(
      (w) =>
        `create warehouse if not exists ${w.name} warehouse_size = xsmall auto_suspend = ${w.name === 'loading' ? Math.max(suspend, 300) : suspend} auto_resume = true initially_suspended = true`,
    ),
    '-- roles, managed by SECURITYADMIN',
    'use role securityadmin',
    ...WAREHOUSES.map((w) => `create role if not exists ${w.role}`),
    ...WAREHOUSES.map((w) => `grant usage, operate on warehouse ${w.name} to role ${w.role}`),
    ...WAREHOUSES.map((w) => `grant role ${w.role} to role sysadmin`),
    '-- LOADER writes RAW; TRANSFORMER reads RAW and builds ANALYTICS; REPORTER reads ANALYTICS',
    `grant usage, create schema on database ${raw} to role loader`,
    ...readAll(raw, 'transformer'),
    `grant usage, create schema on database ${analytics} to role transformer`,
    ...readAll(analytics, 'reporter'),
  ];
  if (options.user) {
    const user = options.user;
    sql.push(
      '-- key-pair service user for clv (no password)',
      `create user if not exists ${user} type = service default_role = transformer default_warehouse = transforming`,
      ...(options.publicKeyPem ? [`alter user ${user} set rsa_public_key = ${quoteLiteral(publicKeyBody(options.publicKeyPem))}`] : []),
      `grant role transformer to user ${user}`,
    );
  }
  return sql.map((s) => (s.startsWith('--') ? s : `${s};`));
}

interface SetupArgs {
  apply?: boolean;
  print?: boolean;
  user?: string;
  'public-key-path'?: string;
  'raw-database'?: string;
  'analytics-database'?: string;
  'auto-suspend'?: number;
}

async function applyStatements(statements: string[]): Promise<void> {
  const { resolveSettings } = await import('./target.js');
  const { SnowflakeSession } = await import('./connection.js');
  const session = await SnowflakeSession.open(resolveSettings({}, { projectRoot: process.cwd(), threads: 1 }));
  try {
    for (const statement of statements.filter((s) => !s.startsWith('--'))) {
      await session.execute(statement);
      process.stdout.write(`ok  ${statement}\n`);
    }
  } finally {
    await session.close();
  }
}

export const setupSnowflakeCommand: CommandModule<object, SetupArgs> = {
  command: 'setup-snowflake',
  describe: 'Print (default) or apply the Snowflake roles, warehouses, databases and grants clv expects',
  builder: (yargs: Argv) =>
    yargs
      .option('print', { type: 'boolean', describe: 'Print the SQL (default when --apply is not given)' })
      .option('apply', { type: 'boolean', describe: 'Run the SQL with SNOWFLAKE_* credentials (needs SYSADMIN and SECURITYADMIN)' })
      .option('user', { type: 'string', describe: 'Service user to create for key-pair login, e.g. clv_svc' })
      .option('public-key-path', { type: 'string', describe: 'rsa_key.pub to register on --user' })
      .option('raw-database', { type: 'string', default: 'raw' })
      .option('analytics-database', { type: 'string', default: 'analytics' })
      .option('auto-suspend', { type: 'number', default: 60, describe: 'Seconds before idle warehouses suspend' }) as Argv<SetupArgs>,
  handler: async (argv: ArgumentsCamelCase<SetupArgs>) => {
    const statements = setupStatements({
      rawDatabase: argv['raw-database'],
      analyticsDatabase: argv['analytics-database'],
      user: argv.user,
      publicKeyPem: argv['public-key-path'] ? readFileSync(argv['public-key-path'], 'utf8') : undefined,
      autoSuspend: argv['auto-suspend'],
    });
    if (argv.print || !argv.apply) process.stdout.write(`${statements.join('\n')}\n`);
    if (argv.apply) await applyStatements(statements);
  },
};
