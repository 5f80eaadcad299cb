// Accepted deliveries → micro-batches → one warehouse transaction each. A burst of thousands per second
// becomes a few commits; the journal holds everything acknowledged until its batch is committed.
import type { CommitResult, WebhookCommitter } from './committer.js';
import type { Delivery } from './delivery.js';
import type { Journal } from './journal.js';

export interface BatchOptions {
  /** Commit at most this long after the first pending delivery (ms). Default 200. */
  intervalMs?: number;
  /** Commit as soon as this many deliveries are pending. Default 2000. */
  maxBatch?: number;
}

export interface PipelineStats {
  accepted: number;
  committed: number;
  duplicates: number;
  batches: number;
  failures: number;
}

export class Pipeline {
  private pending: Delivery[] = [];
  private inFlight: Delivery[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;
  readonly stats: PipelineStats = { accepted: 0, committed: 0, duplicates: 0, batches: 0, failures: 0 };
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly committer: WebhookCommitter,
    private readonly journal: Journal,
    private readonly options: BatchOptions,
    private readonly onCommitted: (result: CommitResult, batch: Delivery[]) => Promise<void>,
    private readonly log: (message: string) => void,
  ) {}

  /** Queue replayed deliveries (already acknowledged by a previous process). */
  replay(deliveries: Delivery[]): void {
    this.pending.push(...deliveries);
    this.schedule();
  }

  /** Resolves when the delivery is durable (then the caller may answer 200). */
  async accept(delivery: Delivery): Promise<void> {
    // Queued before the fsync so a compaction running meanwhile keeps it.
    this.pending.push(delivery);
    this.stats.accepted++;
    await this.journal.append(delivery);
    this.schedule();
  }

  private schedule(): void {
    if (this.closed || this.running) return;
    if (this.pending.length >= (this.options.maxBatch ?? 2000)) {
      this.start();
    } else if (this.pending.length > 0 && !this.timer) {
      this.timer = setTimeout(() => this.start(), this.options.intervalMs ?? 200);
    }
  }

  private start(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running || this.pending.length === 0) return;
    this.running = this.commitOne().finally(() => {
      this.running = null;
      if (this.pending.length === 0) for (const w of this.idleWaiters.splice(0)) w();
      this.schedule();
    });
  }

  private async commitOne(): Promise<void> {
    this.inFlight = this.pending.splice(0, this.options.maxBatch ?? 2000);
    try {
      const result = await this.committer.commit(this.inFlight);
      this.stats.batches++;
      this.stats.committed += result.committed;
      this.stats.duplicates += result.duplicates;
      const batch = this.inFlight;
      this.inFlight = [];
      await this.journal.compact(() => [...this.inFlight, ...this.pending]);
      await this.onCommitted(result, batch);
    } catch (error) {
      this.stats.failures++;
      this.log(`webhooks: batch of ${this.inFlight.length} failed, retrying: ${(error as Error).message}`);
      this.pending.unshift(...this.inFlight);
      this.inFlight = [];
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** Resolves once nothing is pending or being committed. */
  idle(): Promise<void> {
    if (!this.running && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Commit what is pending, then stop. */
  async close(): Promise<void> {
    while (this.running || this.pending.length > 0) {
      if (!this.running) this.start();
      await this.running;
    }
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
