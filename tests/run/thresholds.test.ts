import { describe, expect, it } from 'vitest';
import { judge, parseCondition } from '../../runner/run/materializations/thresholds.js';

describe('warn_if / error_if', () => {
  it.each([
    ['!=0', 0, false], ['!=0', 3, true], ['>10', 10, false], ['>10', 11, true], ['>=5', 5, true],
    ['=0', 0, true], ['= 2', 2, true], ['<3', 2, true], ['<3', 3, false], ['<>1', 2, true],
  ])('%s with %i failures is %s', (condition, failures, expected) => {
    expect(parseCondition(condition, 'warn_if')(failures)).toBe(expected);
  });

  it('explains an invalid condition', () => {
    expect(() => parseCondition('more than 3', 'error_if')).toThrow(/invalid error_if 'more than 3': expected a comparison/);
  });

  it("follows dbt's severity rules", () => {
    expect(judge(0, {})).toMatchObject({ status: 'pass' });
    expect(judge(2, {})).toEqual({ status: 'fail', message: 'Got 2 results, configured to fail if !=0' });
    expect(judge(1, { severity: 'warn' })).toEqual({ status: 'warn', message: 'Got 1 result, configured to warn if !=0' });
    expect(judge(3, { warn_if: '>1', error_if: '>5' })).toMatchObject({ status: 'warn' });
    expect(judge(6, { warn_if: '>1', error_if: '>5' })).toMatchObject({ status: 'fail' });
    expect(judge(99, { severity: 'warn', error_if: '>5', warn_if: '>100' })).toMatchObject({ status: 'pass' });
  });
});
