// A small pool of lineage worker threads (owns the threads, hence a class). From source (tsx, vitest) the
// worker is the .ts file loaded through tsx; from the build, the compiled .js beside this one.
import { Worker } from 'node:worker_threads';
import type { LineageInput } from './analyze.js';
import type { ModelLineage } from './types.js';

/** Node 20 workers do not inherit the parent's module hooks, so from source the worker registers tsx's
 * loader itself before importing worker.ts. */
function spawn(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url));
  const url = new URL('./worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}); });`, { eval: true });
}

type Pending = { resolve: (lineage: ModelLineage) => void; reject: (error: Error) => void };

export class LineagePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly load: number[] = [];
  private seq = 0;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = spawn();
      worker.on('message', ({ seq, result, error }: { seq: number; result?: ModelLineage; error?: string }) => {
        const waiting = this.pending.get(seq);
        this.pending.delete(seq);
        this.load[i]!--;
        if (error !== undefined) waiting?.reject(new Error(error));
        else waiting?.resolve(result!);
      });
      worker.on('error', (error) => {
        for (const waiting of this.pending.values()) waiting.reject(error);
        this.pending.clear();
      });
      this.workers.push(worker);
      this.load.push(0);
    }
  }

  /** Runs on the least busy worker. */
  run(input: LineageInput): Promise<ModelLineage> {
    let i = 0;
    for (let j = 1; j < this.workers.length; j++) if (this.load[j]! < this.load[i]!) i = j;
    const seq = ++this.seq;
    this.load[i]!++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.workers[i]!.postMessage({ seq, input });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
