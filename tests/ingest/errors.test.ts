// Caller faults stop the ingest with a clear message and exit code 2, before the warehouse is touched; the
// token never appears in anything the user or a log sees.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../ingest/simulator/index.js';
import { runIngest } from '../../ingest/run.js';
import { IngestCallerError, redact } from '../../ingest/client/errors.js';
import { runCli } from '../../runner/cli/index.js';
import { ingestCommand } from '../../ingest/cli/ingest.js';

let sim: RunningSimulator;
let dir: string;
const sink = () => {
  let text = '';
  return { stream: { write: (c: string) => ((text += c), true) } as unknown as NodeJS.WritableStream, text: () => text };
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'clv-ingest-err-'));
  sim = await startSimulator({ customers: 40, seed: 2, port: 0, scopes: ['read_orders', 'read_customers', 'read_products'] });
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('caller faults', () => {
  it('a bad token stops with exit code 2, nothing written, token redacted', async () => {
    const badToken = 'shpat_this_is_not_the_token_0123456789';
    const database = path.join(dir, 'bad.duckdb');
    const out = sink();
    const error = await runIngest({ shop: sim.shop, accessToken: badToken, database, output: out.stream, tty: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestCallerError);
    expect((error as IngestCallerError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/rejected the access token/);
    expect((error as IngestCallerError).hint).toMatch(/SHOPIFY_ACCESS_TOKEN/);
    expect(JSON.stringify({ m: (error as Error).message, h: (error as IngestCallerError).hint, o: out.text() })).not.toContain(badToken);
    expect(existsSync(database)).toBe(false);
  });

  it('the CLI exits 2 on a bad token and never prints it', async () => {
    const token = 'shpat_cli_secret_token_abcdef123456';
    const database = path.join(dir, 'cli.duckdb');
    const writes: string[] = [];
    const original = [process.stdout.write, process.stderr.write] as const;
    process.stdout.write = ((c: string) => (writes.push(String(c)), true)) as typeof process.stdout.write;
    process.stderr.write = ((c: string) => (writes.push(String(c)), true)) as typeof process.stderr.write;
    let code: number;
    try {
      code = await runCli(['ingest', '--shop', sim.shop, '--token', token, '--database', database], [ingestCommand]);
    } finally {
      [process.stdout.write, process.stderr.write] = original;
    }
    expect(code).toBe(2);
    expect(writes.join('')).toMatch(/rejected the access token/);
    expect(writes.join('')).not.toContain(token);
    expect(existsSync(database)).toBe(false);
  });

  it('without read_all_orders it stops naming the scope, or warns loudly when partial history is allowed', async () => {
    const database = path.join(dir, 'scope.duckdb');
    const error = await runIngest({ shop: sim.shop, accessToken: sim.accessToken, database, output: sink().stream, tty: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestCallerError);
    expect((error as Error).message).toMatch(/read_all_orders/);
    expect(existsSync(database)).toBe(false);
    const summary = await runIngest({
      shop: sim.shop, accessToken: sim.accessToken, database, output: sink().stream, tty: false,
      allowPartialHistory: true, streams: ['orders'], bulkThreshold: Infinity, lagSeconds: 0, reconcile: 'always',
    });
    expect(summary.warnings.join(' ')).toMatch(/WARNING.*read_all_orders/);
    expect(summary.rows.orders).toBeGreaterThan(0);
    expect(summary.deletedFlagged.orders).toBeUndefined(); // invisible old orders are not "deleted"
  });

  it('redact removes registered secrets and Shopify token shapes', () => {
    expect(redact('token shpat_0123456789abcdef leaked')).toBe('token [REDACTED] leaked');
  });
});
