// Which roots of a failed bulk operation's partial file are kept, and where the rerun starts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cutPartialFile, hasChildLines } from '../../ingest/sync/bulk-partial.js';

const fixture = (name: string) => path.resolve('tests/fixtures/ingest/partial', name);
const dir = mkdtempSync(path.join(os.tmpdir(), 'clv-partial-'));
const out = (name: string) => path.join(dir, name);
const ids = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id.split('/').slice(-2).join('/'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cutPartialFile', () => {
  it('leaves out the roots from the last child\'s parent on, with their children, and drops a torn last line', async () => {
    const cut = await cutPartialFile(fixture('orders-torn.jsonl'), 'orders', out('torn.jsonl'));
    // The last whole child line belongs to Order/3: Orders 3 and 4 may still lack children. Order/2 ties
    // with Order/3 on updatedAt, so the inclusive rerun reads it again too.
    expect(cut).toMatchObject({ file: out('torn.jsonl'), keptRoots: 2, keptLines: 5, droppedRoots: 2, rerunFrom: '2026-01-02T00:00:00Z' });
    expect(ids(cut.file)).toEqual(['Order/1', 'Order/2', 'LineItem/11', 'LineItem/12', 'LineItem/21']);
  });

  it('children out of their parents\' order: the largest lag seen also leaves out the roots within it of the end', async () => {
    const cut = await cutPartialFile(fixture('orders-unordered.jsonl'), 'orders', out('unordered.jsonl'));
    // Order/1's child came one root late, so Order/3 (one root before the newest) may still get children.
    expect(cut).toMatchObject({ keptRoots: 2, keptLines: 4, droppedRoots: 2, rerunFrom: '2026-01-03T00:00:00Z' });
    expect(ids(cut.file)).toEqual(['Order/1', 'Order/2', 'LineItem/21', 'LineItem/11']);
  });

  it('keeps nothing from roots out of updatedAt order (the rerun could not cover what follows the cut)', async () => {
    const cut = await cutPartialFile(fixture('orders-unsorted.jsonl'), 'orders', out('unsorted.jsonl'));
    expect(cut).toMatchObject({ keptRoots: 0, droppedRoots: 2 });
    expect(cut.rerunFrom).toBeUndefined();
    expect(cut.distrust).toMatch(/not sorted by updatedAt/);
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

  it('reads from the bulk query which streams have child lines', () => {
    expect({ customers: hasChildLines('customers'), orders: hasChildLines('orders'), products: hasChildLines('products') }).toEqual({ customers: false, orders: true, products: true });
  });
});
