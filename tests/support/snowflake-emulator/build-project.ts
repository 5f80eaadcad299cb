// Investigation script, not a test: ingests a 100-customer simulated store into the emulator through the
// Snowflake RawWriter, then runs `clv build --target snowflake` of the whole project (symlinked into a
// temp dir so the repo's target/ is untouched) and prints every node's status. It shows which compiled
// Snowflake statements the DuckDB-backed emulator cannot run (a semantics gap, not an adapter bug):
//   npx tsx tests/support/snowflake-emulator/build-project.ts
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '../../../ingest/simulator/index.js';
import { runIngest } from '../../../ingest/run.js';
import { SnowflakeRawWriter } from '../../../ingest/warehouse/snowflake.js';
import { main } from '../../../bin/main.js';
import { PASSWORD, startEmulator } from '../../adapters/snowflake/emulator-fixture.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'clv-sf-project-'));
const fx = await startEmulator();
const sim = await startSimulator({ customers: 100, seed: 5, port: 0, restoreRateScale: 500 });
try {
  const writer = new SnowflakeRawWriter({ target: fx.passwordTarget, projectRoot: dir, database: 'analytics', schema: 'raw_shopify', apiVersion: sim.apiVersion });
  await runIngest({ shop: sim.shop, accessToken: sim.accessToken, output: { write: () => true } as never, tty: false, lagSeconds: 0, writer, bulkThreshold: 0 }).finally(() => writer.close());
  Object.assign(process.env, { SNOWFLAKE_ACCOUNT: 'testacct', SNOWFLAKE_USER: 'trial_user', SNOWFLAKE_PASSWORD: PASSWORD, SNOWFLAKE_ACCESS_URL: fx.url, SNOWFLAKE_DATABASE: 'analytics', SNOWFLAKE_SCHEMA: 'marts' });
  const project = path.join(dir, 'project');
  mkdirSync(project);
  for (const d of ['models', 'macros', 'seeds', 'tests', 'stats']) symlinkSync(path.join(repo, d), path.join(project, d));
  copyFileSync(path.join(repo, 'project.yml'), path.join(project, 'project.yml'));
  const code = await main(['build', '--project-dir', project, '--target', 'snowflake']);
  const { results } = JSON.parse(readFileSync(path.join(project, 'target/run_results.json'), 'utf8')) as { results: { status: string; unique_id: string; message?: string }[] };
  for (const r of results) console.log(r.status.padEnd(8), r.unique_id, r.status === 'error' ? String(r.message).replace(/\s+/g, ' ').slice(0, 200) : '');
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const tally = [...counts].map(([s, n]) => `${s} ${n}`).join(', ');
  console.log(`clv build exit ${code}: ${tally}`);
} finally {
  await sim.close();
  await fx.emulator.stop();
  rmSync(dir, { recursive: true, force: true });
}
