// Framework tests run the CLI in-process (runCli) on a copy of tests/fixtures/framework/<name>.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { runCli } from '../../runner/cli/index.js';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** A fresh temporary copy of a fixture project (`tests/fixtures/<relative>`), for a test to build and edit. */
export function copyFixtureTree(relative: string): string {
  const dir = mkdtempSync(join(tmpdir(), `clv-${relative.replace(/[^\w-]+/g, '-')}-`));
  cpSync(join(repoRoot, 'tests/fixtures', relative), dir, { recursive: true });
  return dir;
}

export const copyFixture = (name: string): string => copyFixtureTree(`framework/${name}`);

export interface CliOutput {
  code: number;
  out: string;
}

/** Runs `clv <args>` in `dir`, capturing stdout+stderr (the logger writes to the process streams). */
export async function clv(dir: string, args: string[]): Promise<CliOutput> {
  const chunks: string[] = [];
  const capture = (chunk: unknown): boolean => {
    chunks.push(String(chunk));
    return true;
  };
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    const code = await runCli([...args, '--project-dir', dir]);
    return { code, out: chunks.join('') };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

export const readJson = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

export function edit(dir: string, file: string, change: (text: string) => string): void {
  const path = join(dir, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

export async function query(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
