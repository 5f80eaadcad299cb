// Durable local journal: accepted deliveries are appended and fsynced (one fsync per group of concurrent
// requests) BEFORE the 200, so a crash after acknowledging loses nothing; on start the journal is replayed;
// after a commit it is compacted down to what is still uncommitted. Owns a file handle, so it is a class.
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Delivery } from './delivery.js';

export class Journal {
  private handle: FileHandle | null = null;
  private group: { line: string; done: (e?: Error) => void }[] = [];
  private scheduled = false;
  /** Serialises writes, fsyncs and compactions on the one file. */
  private chain: Promise<void> = Promise.resolve();
  fsyncs = 0;

  constructor(readonly file: string) {}

  /** Entries left by a previous process (acknowledged, maybe not committed). A torn last line is skipped. */
  async replay(): Promise<Delivery[]> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    let text = '';
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const out: Delivery[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        out.push(JSON.parse(line) as Delivery);
      } catch {
        // Only the last line can be torn (crash mid-write); it was never acknowledged.
      }
    }
    this.handle = await fs.open(this.file, 'a');
    return out;
  }

  /**
   * Resolves once the delivery is on disk. Group commit: while one fsync runs, later deliveries gather and
   * share the next one, so concurrent requests cost one fsync per group, not one each.
   */
  append(delivery: Delivery): Promise<void> {
    return new Promise((resolve, reject) => {
      this.group.push({ line: JSON.stringify(delivery) + '\n', done: (e) => (e ? reject(e) : resolve()) });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flushGroup());
      }
    });
  }

  private flushGroup(): void {
    this.chain = this.chain.then(async () => {
      // Taken when the previous write finished: everything that arrived meanwhile rides this fsync.
      const group = this.group;
      this.group = [];
      this.scheduled = false;
      if (group.length === 0) return;
      try {
        if (!this.handle) throw new Error('journal is not open');
        await this.handle.write(group.map((g) => g.line).join(''));
        await this.handle.sync();
        this.fsyncs++;
        for (const g of group) g.done();
      } catch (error) {
        for (const g of group) g.done(error as Error);
      }
    });
  }

  /** Rewrite the journal with only `pending` (atomically: temp file, fsync, rename). */
  compact(pending: () => Delivery[]): Promise<void> {
    const run = this.chain.then(async () => {
      const keep = pending();
      const tmp = `${this.file}.tmp`;
      const h = await fs.open(tmp, 'w');
      try {
        if (keep.length) await h.write(keep.map((d) => JSON.stringify(d) + '\n').join(''));
        await h.sync();
      } finally {
        await h.close();
      }
      await this.handle?.close();
      await fs.rename(tmp, this.file);
      this.handle = await fs.open(this.file, 'a');
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.chain;
    await this.handle?.close();
    this.handle = null;
  }
}
