import { describe, expect, it } from 'vitest';
import { batchesToRun } from '../../runner/microbatch/batches.js';
import type { MicrobatchConfig } from '../../runner/microbatch/types.js';

const day: MicrobatchConfig = { eventTime: 'event_day', batchSize: 'day', lookback: 1, begin: '2024-01-01T00:00:00Z' };
const starts = (batches: { start: string }[]) => batches.map((b) => b.start.slice(0, 16));

describe('batchesToRun', () => {
  it('initial build: from begin through the batch holding now', () => {
    const batches = batchesToRun(day, { incremental: false, request: { now: '2024-01-03T10:00:00Z' } });
    expect(starts(batches)).toEqual(['2024-01-01T00:00', '2024-01-02T00:00', '2024-01-03T00:00']);
    expect(batches[2]!.end).toBe('2024-01-04T00:00:00Z');
  });

  it('incremental run: lookback batches before the current one', () => {
    expect(starts(batchesToRun(day, { incremental: true, request: { now: '2024-01-10T10:00:00Z' } }))).toEqual(['2024-01-09T00:00', '2024-01-10T00:00']);
    expect(starts(batchesToRun({ ...day, lookback: 0 }, { incremental: true, request: { now: '2024-01-10T10:00:00Z' } }))).toEqual(['2024-01-10T00:00']);
    expect(batchesToRun({ ...day, lookback: 3 }, { incremental: true, request: { now: '2024-01-10T00:00:00Z' } })).toHaveLength(3);
  });

  it('--event-time-start/end: whole batches covering the window, whatever the table state', () => {
    const batches = batchesToRun(day, { incremental: true, request: { eventTimeStart: '2024-01-02 06:00', eventTimeEnd: '2024-01-04', now: '2024-02-01' } });
    expect(batches).toEqual([
      { start: '2024-01-02T00:00:00Z', end: '2024-01-03T00:00:00Z' },
      { start: '2024-01-03T00:00:00Z', end: '2024-01-04T00:00:00Z' },
    ]);
    expect(() => batchesToRun(day, { incremental: true, request: { eventTimeStart: '2024-01-04', eventTimeEnd: '2024-01-02' } })).toThrow(/must be before/);
  });

  it('hour, month and year batches align to calendar units in UTC', () => {
    expect(starts(batchesToRun({ ...day, batchSize: 'hour', begin: '2024-03-31T22:30:00Z' }, { incremental: false, request: { now: '2024-04-01T00:10:00Z' } })))
      .toEqual(['2024-03-31T22:00', '2024-03-31T23:00', '2024-04-01T00:00']);
    expect(batchesToRun({ ...day, batchSize: 'month' }, { incremental: false, request: { now: '2024-03-15T00:00:00Z' } }).map((b) => b.end))
      .toEqual(['2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z', '2024-04-01T00:00:00Z']);
    expect(starts(batchesToRun({ ...day, batchSize: 'year', lookback: 1 }, { incremental: true, request: { now: '2025-06-01T00:00:00Z' } }))).toEqual(['2024-01-01T00:00', '2025-01-01T00:00']);
  });
});
