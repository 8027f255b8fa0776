/**
 * Money as integer fen (分, 1/100 yuan), never as a float: amounts enter as decimal strings of yuan
 * ("200000", "1250.5", "1250.50") and are parsed digit by digit, and every product is checked to stay a
 * safe integer. Pure.
 */
import * as z from 'zod';

/** One billion yuan: above any fine the law allows, and small enough that fine × days stays exact. */
export const MAX_AMOUNT_FEN = 100_000_000_000;

const YUAN = /^(\d{1,10})(?:\.(\d{1,2}))?$/;

/** Fen of a decimal yuan string, or null when it is not one (negative, more than 2 decimals, too large). */
export function yuanToFen(yuan: string): number | null {
  const match = YUAN.exec(yuan);
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return fen <= MAX_AMOUNT_FEN ? fen : null;
}

/** `400000000` fen → `"4000000.00"`. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new Error(`Not an amount in fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `fen × count`, refusing any result that is not exactly representable. */
export function multiplyFen(fen: number, count: number): number {
  const product = fen * count;
  if (!Number.isSafeInteger(fen) || !Number.isSafeInteger(count) || !Number.isSafeInteger(product)) {
    throw new Error(`Amount out of range: ${fen} fen × ${count}`);
  }
  return product;
}

/** A zod field for yuan entered as a decimal string; parses to fen. */
export const YuanInput = z
  .string()
  .trim()
  .max(16)
  .transform((text, ctx) => {
    const fen = yuanToFen(text);
    if (fen === null || fen <= 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a positive amount of yuan with at most 2 decimals, at most 1,000,000,000',
      });
      return z.NEVER;
    }
    return fen;
  });
