import { describe, expect, it } from 'vitest';
import { UpdatedIndex, list } from '../../ingest/simulator/listing.js';
import { mulberry32 } from '../../ingest/simulator/random.js';

describe('UpdatedIndex', () => {
  it('stays equal to a full (key, id) sort under moves and inserts, ties included', () => {
    const rng = mulberry32(99);
    const keys: number[] = Array.from({ length: 500 }, () => Math.floor(rng() * 50) * 1000);
    const index = new UpdatedIndex(keys.length, (i) => keys[i]!);
    for (let step = 0; step < 400; step++) {
      if (rng() < 0.3) {
        keys.push(Math.floor(rng() * 60) * 1000);
        index.insert(keys.length - 1);
      } else {
        const i = Math.floor(rng() * keys.length);
        const old = keys[i]!;
        keys[i] = Math.floor(rng() * 60) * 1000;
        index.move(i, old);
      }
    }
    const expected = keys.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
    expect(Array.from({ length: index.length }, (_, p) => index.at(p))).toEqual(expected);
  });

  it('list() resumes strictly after a (value, id) cursor even when the record moved since', () => {
    const keys = [5000, 1000, 3000, 3000, 2000];
    const index = new UpdatedIndex(keys.length, (i) => keys[i]!);
    const page1 = list(index, { first: 2, after: null, reverse: false, keyRange: {}, keep: () => true, idOf: (i) => i });
    expect(page1.items).toEqual([1, 4]);
    const old = keys[4]!;
    keys[4] = 9000; // updated during the sync: moves to the end and is read again later, never skipped
    index.move(4, old);
    const page2 = list(index, { first: 10, after: { last_id: 4, last_value: 2000 }, reverse: false, keyRange: {}, keep: () => true, idOf: (i) => i });
    expect(page2.items).toEqual([2, 3, 0, 4]);
  });
});
