// The simulator's clock: history ends at `start`; afterwards sim time runs with wall time plus any manual
// advance, so records created during a live sync get realistic, increasing timestamps.

export interface SimClock {
  /** Current sim time in ms, truncated to whole seconds as Shopify timestamps are. */
  now(): number;
  nowIso(): string;
  advance(ms: number): void;
}

export function createClock(start: number, realtime = true): SimClock {
  const wallStart = Date.now();
  let offset = 0;
  const now = () => Math.floor((start + offset + (realtime ? Date.now() - wallStart : 0)) / 1000) * 1000;
  return {
    now,
    nowIso: () => isoSeconds(now()),
    advance(ms: number) {
      if (!(ms >= 0)) throw new RangeError(`clock.advance(ms) needs ms >= 0, got ${ms}`);
      offset += ms;
    },
  };
}

/** Shopify's DateTime shape: UTC, whole seconds, trailing Z ("2026-11-02T10:00:00Z"). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export const DAY_MS = 86_400_000;
