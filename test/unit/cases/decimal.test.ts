import { describe, expect, it } from 'vitest';
import { atLeast, atLeastTimes, compareScaled } from '../../../services/cases/decimal.ts';

describe('Exact decimal comparison', () => {
  it('finds 0.15 mg/L to be exactly 3 × 0.05 mg/L, which floating point does not', () => {
    expect(0.15 >= 3 * 0.05).toBe(false);
    expect(atLeastTimes(0.15, 3, 0.05)).toBe(true);
    expect(atLeastTimes(0.3, 3, 0.1)).toBe(true);
    expect(atLeastTimes(0.1499, 3, 0.05)).toBe(false);
  });

  it('compares across scales and exponents', () => {
    expect(compareScaled(0.1, 3, 0.3)).toBe(0);
    expect(compareScaled(1e-7, 10, 0.000001)).toBe(0);
    expect(compareScaled(2.5, 2, 4.99)).toBe(1);
    expect(compareScaled(1e21, 1, 1e21)).toBe(0);
    expect(atLeast(2.9999999, 3)).toBe(false);
    expect(atLeast(3, 3)).toBe(true);
  });

  it('refuses a fractional factor and non-finite numbers', () => {
    expect(() => compareScaled(1, 1.5, 1)).toThrow();
    expect(() => compareScaled(Number.NaN, 1, 1)).toThrow();
  });
});
