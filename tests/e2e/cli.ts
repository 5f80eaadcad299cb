// Helpers for end-to-end CLI tests: build dist/ once (serialised across test files and engineers with
// flock), copy a fixture project to a temp folder, spawn `node bin/clv.js`, and query its DuckDB file.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const entry = join(repoRoot, 'dist/bin/main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    if (name.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (name.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** `npm run build` unless dist is newer than every source it is built from. */
export function ensureBuilt(): void {
  const fresh = () => existsSync(entry) && statSync(entry).mtimeMs >= Math.max(...['runner', 'bin'].map((d) => newestSource(join(repoRoot, d))));
  if (fresh()) return;
  // tsc exits non-zero on a type error anywhere in the repo but still emits; the entry point is what matters.
  spawnSync('flock', ['/tmp/clv-build.lock', 'npx', 'tsc', '-p', 'tsconfig.json'], { cwd: repoRoot, stdio: 'ignore' });
  if (!existsSync(entry)) throw new Error('npm run build did not produce dist/bin/main.js');
}

/** Copy tests/fixtures/<path> (default folder: e2e/) to a fresh temp folder. */
export function copyFixture(path: string): string {
  const dir = mkdtempSync(join(tmpdir(), `clv-e2e-${path.replace(/\W/g, '_')}-`));
  cpSync(join(repoRoot, 'tests/fixtures', path.includes('/') ? path : `e2e/${path}`), dir, { recursive: true });
  return dir;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function clv(args: string[], cwd: string, env: Record<string, string> = {}): CliRun {
  const result = spawnSync(process.execPath, [join(repoRoot, 'bin/clv.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export async function queryFile(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

