/**
 * Exact comparison of measured values with thresholds. Measurements are decimals as people write them
 * (0.03 mg/L against a limit of 0.01), and in binary floating point 0.03 < 3 × 0.01; so each number is
 * read back as the decimal it was written as (its shortest round-trip representation) and compared as
 * scaled integers. Pure.
 */

interface Scaled {
  digits: bigint;
  /** Number of decimal places: value = digits / 10^scale. */
  scale: number;
}

function scaled(value: number): Scaled {
  if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
  const [mantissa = '0', exponentText] = String(value).toLowerCase().split('e');
  const exponent = Number(exponentText ?? 0);
  const negative = mantissa.startsWith('-');
  const [whole = '0', fraction = ''] = mantissa.replace('-', '').split('.');
  let digits = BigInt(`${whole}${fraction}`);
  let scale = fraction.length - exponent;
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits: negative ? -digits : digits, scale };
}

/** Sign of `a × factor − b`, computed exactly for decimal `a` and `b` and a whole-number `factor`. */
export function compareScaled(a: number, factor: number, b: number): -1 | 0 | 1 {
  if (!Number.isInteger(factor)) throw new Error(`The factor must be a whole number: ${factor}`);
  const x = scaled(a);
  const y = scaled(b);
  const scale = Math.max(x.scale, y.scale);
  const left = x.digits * BigInt(factor) * 10n ** BigInt(scale - x.scale);
  const right = y.digits * 10n ** BigInt(scale - y.scale);
  return left === right ? 0 : left > right ? 1 : -1;
}

/** Whether `value ≥ factor × limit`, exactly. */
export function atLeastTimes(value: number, factor: number, limit: number): boolean {
  return compareScaled(limit, factor, value) <= 0;
}

/** Whether `value ≥ threshold`, exactly. */
export function atLeast(value: number, threshold: number): boolean {
  return compareScaled(value, 1, threshold) >= 0;
}
