// rfmDataFromColumns: tuples read column-wise become RfmData checked row by row as toRfmData checks tuples.
import { describe, expect, it } from 'vitest';
import { rfmDataFromColumns, StatsInputError, toRfmData } from '../../stats/index.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('rfmDataFromColumns', () => {
  it('is the RfmData toRfmData builds from the same tuples', () => {
    const data = rfmDataFromColumns(f(0, 2), f(0, 3.5), f(10, 12), f(4, 1));
    expect(data).toEqual(toRfmData([{ x: 0, tx: 0, T: 10, weight: 4 }, { x: 2, tx: 3.5, T: 12, weight: 1 }]));
  });

  it('rejects the rows toRfmData rejects, naming the row, and columns of different lengths', () => {
    expect(() => rfmDataFromColumns(f(0, 0), f(0, 1), f(5, 5), f(1, 1))).toThrow(/row 2: x = 0 with t_x ≠ 0/);
    expect(() => rfmDataFromColumns(f(1), f(6), f(5), f(1))).toThrow(StatsInputError);
    expect(() => rfmDataFromColumns(f(1, 2), f(1), f(5), f(1))).toThrow(/RFM columns differ in length/);
  });
});
