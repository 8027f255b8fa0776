import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_CHARSET,
  creditCodeCheckCharacter,
  creditCodeProblem,
  isIndividualBusinessCode,
  isValidCreditCode,
} from '../../../services/cases/credit-code.ts';

/** Codes in the real format, as published on business licences and in the standard's example. */
const REAL = [
  '91350100M000100Y43',
  '914403001922038216',
  '9144030071526726XG',
  '91330100799655058B',
  '91110108551385082Q',
];

describe('Unified social credit code (GB 32100-2015)', () => {
  it.each(REAL)('accepts %s', (code) => {
    expect(creditCodeProblem(code)).toBeUndefined();
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('computes the check character from the first 17 characters', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckCharacter('9144030071526726X')).toBe('G');
    // A sum that is a multiple of 31 gives check value 0, not 31.
    expect(creditCodeCheckCharacter('00000000000000000')).toBe('0');
  });

  it('refuses every single-character corruption of a valid code', () => {
    for (const code of REAL) {
      for (let position = 0; position < 18; position++) {
        for (const replacement of CREDIT_CODE_CHARSET) {
          if (replacement === code[position]) continue;
          const corrupted = code.slice(0, position) + replacement + code.slice(position + 1);
          expect(isValidCreditCode(corrupted), `${corrupted} (position ${position + 1})`).toBe(false);
        }
      }
    }
  });

  it('refuses two adjacent characters swapped', () => {
    const swapped = REAL.flatMap((code) =>
      Array.from(
        { length: 17 },
        (_, i) => code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2),
      ).filter((c) => c !== code),
    );
    expect(swapped.filter(isValidCreditCode)).toEqual([]);
  });

  it.each([
    ['91350100M000100Y4', 'must be 18 characters'],
    ['91350100M000100Y433', 'must be 18 characters'],
    ['91350100M000100I43', 'capital letters other than I, O, S, V, Z'],
    ['91350100m000100Y43', 'capital letters other than I, O, S, V, Z'],
    ['913501A0M000100Y43', 'digits in positions 3–8'],
    ['91350100M000100Y44', 'wrong check character'],
  ])('explains why %s is refused', (code, message) => {
    expect(creditCodeProblem(code)).toContain(message);
  });

  it('tells individual businesses (92…) apart', () => {
    expect(isIndividualBusinessCode('92140802MA0K123456')).toBe(true);
    expect(isIndividualBusinessCode(REAL[0] as string)).toBe(false);
  });
});
