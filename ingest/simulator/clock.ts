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
  // Hand-rolled (civil-from-days, H. Hinnant) because bulk runs format tens of millions of timestamps and
  // Date#toISOString plus a replace was a top cost there. Valid for years 1970-9999.
  const secs = Math.floor(ms / 1000);
  const days = Math.floor(secs / 86400);
  let rem = secs - days * 86400;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const hh = Math.floor(rem / 3600);
  rem -= hh * 3600;
  const mm = Math.floor(rem / 60);
  const ss = rem - mm * 60;
  return `${y}-${two(m)}-${two(d)}T${two(hh)}:${two(mm)}:${two(ss)}Z`;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

export const DAY_MS = 86_400_000;
