import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STALE_AFTER_MS, sweepStaleFiles } from '../../ingest/sync/landing.js';

// A pid that ran and exited: nothing runs under it now (unless the kernel reused it within this test).
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('left-over landing files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'clv-sweep-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, ageMs: number): string => {
    const full = path.join(dir, name);
    writeFileSync(full, '{"id":1}\n');
    const when = (Date.now() - ageMs) / 1000;
    utimesSync(full, when, when);
    return full;
  };

  it('removes old files of processes that are gone and keeps everything else', async () => {
    const dead = deadPid();
    const crashed = file(`${dead}-aaaaaaaaaaaa.jsonl`, STALE_AFTER_MS + 60_000);
    const recent = file(`${dead}-bbbbbbbbbbbb.jsonl`, 1_000);
    const ours = file(`${process.pid}-cccccccccccc.jsonl`, STALE_AFTER_MS + 60_000);
    const parent = file(`${process.ppid}-dddddddddddd.jsonl`, STALE_AFTER_MS + 60_000);
    const foreign = file('notes.txt', STALE_AFTER_MS + 60_000);

    const removed = await sweepStaleFiles(dir);

    expect(removed).toEqual([path.basename(crashed)]);
    expect(existsSync(crashed)).toBe(false);
    for (const kept of [recent, ours, parent, foreign]) expect(existsSync(kept)).toBe(true);
  });
});
