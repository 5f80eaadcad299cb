// `clv listen --reconcile 15m`: the scheduled sync that runs beside the webhook receiver in the same
// process. Webhooks can be lost (Shopify retries for 48 h, then drops them) and never carry journey or
// payment details, so a periodic incremental ingest fills the gaps. One sync at a time: a tick that finds
// the previous sync still running is skipped, never queued, so a slow store cannot pile up syncs.
export interface Reconciler {
  /** Resolves when the sync in flight (if any) has finished; no new sync starts after this is called. */
  stop(): Promise<void>;
  /** Syncs finished so far (successful or failed). */
  readonly runs: number;
}

export interface ReconcilerOptions {
  everyMs: number;
  sync: () => Promise<{ elapsedMs: number }>;
  afterSync?: () => Promise<void>;
  log: (message: string) => void;
}

export function startReconciler(o: ReconcilerOptions): Reconciler {
  let inFlight: Promise<void> | undefined;
  let stopped = false;
  let runs = 0;
  const tick = () => {
    if (inFlight || stopped) return;
    inFlight = o
      .sync()
      .then(async (s) => {
        o.log(`reconcile: ingest done in ${s.elapsedMs} ms`);
        if (o.afterSync) await o.afterSync();
      })
      .catch((e: Error) => o.log(`reconcile failed: ${e.message}`))
      .finally(() => {
        runs += 1;
        inFlight = undefined;
      });
  };
  const timer = setInterval(tick, o.everyMs);
  return {
    get runs() {
      return runs;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}
