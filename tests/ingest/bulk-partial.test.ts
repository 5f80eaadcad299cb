// Which roots of a failed bulk operation's partial file are kept, and where the rerun starts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cutPartialFile } from '../../ingest/sync/bulk-partial.js';

const fixture = (name: string) => path.resolve('tests/fixtures/ingest/partial', name);
const dir = mkdtempSync(path.join(os.tmpdir(), 'clv-partial-'));
const out = (name: string) => path.join(dir, name);
const ids = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id.split('/').slice(-2).join('/'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cutPartialFile', () => {
  it('keeps roots closed by a later root\'s child, leaves out the rest with their children, drops a torn last line', async () => {
    const cut = await cutPartialFile(fixture('orders-torn.jsonl'), 'orders', out('torn.jsonl'));
    // The last whole child line belongs to Order/2: Orders 2, 3 and 4 may still lack children.
    expect(cut).toMatchObject({ file: out('torn.jsonl'), keptRoots: 1, keptLines: 3, droppedRoots: 3, rerunFrom: '2026-01-02T00:00:00Z' });
    expect(ids(cut.file)).toEqual(['Order/1', 'LineItem/11', 'LineItem/12']);
  });

  it('keeps nothing when children come out of their parents\' order (no root can be vouched for)', async () => {
    const cut = await cutPartialFile(fixture('orders-unordered.jsonl'), 'orders', out('unordered.jsonl'));
    expect(cut.keptRoots).toBe(0);
    expect(cut.droppedRoots).toBe(3);
    expect(cut.rerunFrom).toBeUndefined();
    expect(cut.distrust).toMatch(/Order\/1/);
  });

  it('a file of orders without a single child line may be cut before any child: all roots are left out', async () => {
    const cut = await cutPartialFile(fixture('orders-roots-only.jsonl'), 'orders', out('roots.jsonl'));
    expect(cut).toMatchObject({ keptRoots: 0, droppedRoots: 2, rerunFrom: '2026-01-01T00:00:00Z' });
  });

  it('customers have no child lines: every root is complete, the rerun starts at the last one (its ties may follow)', async () => {
    const cut = await cutPartialFile(fixture('customers.jsonl'), 'customers', out('customers.jsonl'));
    expect(cut).toMatchObject({ file: fixture('customers.jsonl'), keptRoots: 3, keptLines: 3, droppedRoots: 0, rerunFrom: '2026-01-02T00:00:00Z' });
  });

  it('a torn last line with nothing open: the file is copied up to that line', async () => {
    const cut = await cutPartialFile(fixture('customers-torn.jsonl'), 'customers', out('customers-torn.jsonl'));
    expect(cut).toMatchObject({ file: out('customers-torn.jsonl'), keptRoots: 2, keptLines: 2, droppedRoots: 0, rerunFrom: '2026-01-02T00:00:00Z' });
    expect(readFileSync(cut.file, 'utf8')).toBe(readFileSync(fixture('customers.jsonl'), 'utf8').split('\n').slice(0, 2).join('\n') + '\n');
  });
});
