import { describe, expect, it } from 'vitest';
import {
  fenToYuan,
  MAX_AMOUNT_FEN,
  multiplyFen,
  YuanInput,
  yuanToFen,
} from '../../../services/cases/money.ts';

describe('Money in fen', () => {
  it.each([
    ['200000', 20_000_000],
    ['1250.5', 125_050],
    ['1250.50', 125_050],
    ['0.01', 1],
    ['1000000000', MAX_AMOUNT_FEN],
  ])('reads %s yuan as %i fen, digit by digit', (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen);
  });

  it.each(['-5', '1.234', '1e5', '12,000', '', '1000000000.01', ' 5'])('refuses %j', (yuan) => {
    expect(yuanToFen(yuan)).toBeNull();
  });

  it('writes fen back as yuan with two decimals', () => {
    expect(fenToYuan(400_000_000)).toBe('4000000.00');
    expect(fenToYuan(125_050)).toBe('1250.50');
    expect(fenToYuan(7)).toBe('0.07');
  });

  it('multiplies exactly and refuses what would not be exact', () => {
    expect(multiplyFen(20_000_000, 20)).toBe(400_000_000);
    expect(() => multiplyFen(MAX_AMOUNT_FEN, 100_000_000)).toThrow(/out of range/);
  });

  it('parses input strings to fen and refuses zero', () => {
    expect(YuanInput.parse(' 0.1 ')).toBe(10);
    expect(YuanInput.safeParse('0').success).toBe(false);
  });
});
