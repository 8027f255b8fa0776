/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters — registration
 * authority (1), organisation category (1), administrative division (6 digits), main-body identifier
 * (9, the organisation code), and a check character computed over the first 17 by the standard's
 * weighted sum modulo 31. Pure.
 */

/** The standard's 31 characters: digits and capitals without I, O, S, V, Z. A character's value is its index. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weight of position i (0-based) is 3^i mod 31, as tabulated in the standard. */
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);

const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The check character of the first 17 characters, or null when one of them is outside the charset. */
export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i] as string);
    if (value < 0) return null;
    sum += value * (WEIGHTS[i] as number);
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31] as string;
}

/** Why `code` is not a valid unified social credit code, or undefined when it is. */
export function creditCodeProblem(code: string): string | undefined {
  if (code.length !== 18) return 'must be 18 characters';
  if (!SHAPE.test(code)) {
    return 'must be digits and capital letters other than I, O, S, V, Z, with digits in positions 3–8';
  }
  const expected = creditCodeCheckCharacter(code.slice(0, 17));
  if (expected !== code[17]) return 'has a wrong check character (GB 32100-2015)';
  return undefined;
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === undefined;
}

/**
 * Whether the code names an individual business (个体工商户: registered by market regulation, category 2),
 * whose trade name may be a natural person's name and is therefore not published as it is.
 */
export function isIndividualBusinessCode(code: string): boolean {
  return code.startsWith('92');
}
