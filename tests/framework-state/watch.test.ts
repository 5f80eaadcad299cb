// clv compile --watch in a real process: an edit that breaks a model prints file:line at once, fixing it
// prints a clean compile, and the process keeps running until it is stopped.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../framework/helpers.js';
import { copyStateFixture, edit } from './helpers.js';

/** Resolves with the output so far once `pattern` appears after `from`; rejects after `ms` (a bound, not a speed check). */
function waitFor(output: () => string, from: number, pattern: RegExp, ms = 30_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const text = output().slice(from);
      if (pattern.test(text)) {
        clearInterval(poll);
        resolvePromise(text);
      } else if (Date.now() - started > ms) {
        clearInterval(poll);
        reject(new Error(`no ${pattern} in output:\n${output()}`));
      }
    }, 50);
  });
}

describe('clv compile --watch', () => {
  it('recompiles on change, prints errors with file:line, keeps running', async () => {
    const dir = copyStateFixture('slim');
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'tests/framework-state/watch-entry.ts'), 'compile', '--watch', '--project-dir', dir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += String(chunk)));
    child.stderr.on('data', (chunk) => (out += String(chunk)));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      await waitFor(() => out, 0, /Watching for changes/);
      expect(out).toMatch(/Watching models, macros, seeds, tests, project\.yml/);

      let mark = out.length;
      edit(dir, 'models/marts/customers.sql', (t) => t.replace("ref('stg_orders')", "ref('stg_order')"));
      const broken = await waitFor(() => out, mark, /stg_order'\)/);
      expect(broken).toMatch(/models\/marts\/customers\.sql:5:\d+: ref\('stg_order'\) does not match any model or seed/);

      mark = out.length;
      edit(dir, 'models/marts/customers.sql', (t) => t.replace("ref('stg_order')", "ref('stg_orders')"));
      const fixed = await waitFor(() => out, mark, /Compiled \d+ nodes/);
      expect(fixed).not.toMatch(/does not match/);
      expect(child.exitCode).toBeNull(); // still running
    } finally {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((done) => setTimeout(done, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(await exited).toBe(0);
  }, 90_000);
});
