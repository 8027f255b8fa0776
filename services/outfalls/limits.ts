/**
 * Discharge limits and the comparison of a sample with them. Which limits apply: the district's
 * defaults, then those of the outfall's category, then the outfall's own (each parameter from the most
 * specific). An exceedance is a value above a maximum (or below a minimum, for pH) and carries the
 * multiple C/S that the enforcement rules read (DOMAIN.md §3: "over the standard by three times"). Pure.
 */
import * as z from 'zod';
import type { OutfallCategory } from './categories.ts';

/** Parameter codes: letters, digits and `_` (`COD`, `NH3_N`, `PH`, `CR6`). */
export const ParameterCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(
    /^[A-Z][A-Z0-9_]{0,19}$/,
    'must be a parameter code such as COD, NH3_N, TP, PH (at most 20 characters)',
  );

export const Limit = z
  .object({
    max: z.number().positive().finite().optional(),
    min: z.number().nonnegative().finite().optional(),
    /** The unit values must be given in, e.g. `mg/L`; `pH` for pH. */
    unit: z.string().trim().min(1).max(20),
  })
  .refine((l) => l.max !== undefined || l.min !== undefined, { message: 'needs max or min', path: ['max'] });
export type Limit = z.infer<typeof Limit>;

export const LimitSet = z.record(ParameterCode, Limit);
export type LimitSet = z.infer<typeof LimitSet>;

const mg = (max: number): Limit => ({ max, unit: 'mg/L' });
const PH: Limit = { min: 6, max: 9, unit: 'pH' };

/**
 * Defaults, to be confirmed by the district (a setting): GB 8978-1996 污水综合排放标准 class 1 for outfalls in
 * general; GB 18918-2002 城镇污水处理厂污染物排放标准 class 1A for treatment plants and their overflows.
 */
export const DEFAULT_LIMITS: LimitSet = {
  PH,
  COD: mg(100),
  BOD5: mg(20),
  SS: mg(70),
  NH3_N: mg(15),
  TP: mg(0.5),
  HG: mg(0.05),
  CD: mg(0.1),
  CR: mg(1.5),
  CR6: mg(0.5),
  AS: mg(0.5),
  PB: mg(1.0),
  NI: mg(1.0),
  CU: mg(0.5),
  ZN: mg(2.0),
  MN: mg(2.0),
};

const WWTP_1A: LimitSet = {
  PH,
  COD: mg(50),
  BOD5: mg(10),
  SS: mg(10),
  TN: mg(15),
  NH3_N: mg(5),
  TP: mg(0.5),
  HG: mg(0.001),
  CD: mg(0.01),
  CR: mg(0.1),
  CR6: mg(0.05),
  AS: mg(0.1),
  PB: mg(0.1),
};

export const DEFAULT_CATEGORY_LIMITS: Partial<Record<OutfallCategory, LimitSet>> = {
  URBAN_WWTP: WWTP_1A,
  PARK_WWTP: WWTP_1A,
  WWTP_INFLOW_OVERFLOW: WWTP_1A,
};

export function applicableLimits(
  category: OutfallCategory,
  settings: { defaults: LimitSet; byCategory: Partial<Record<string, LimitSet>> },
  own: LimitSet = {},
): LimitSet {
  return { ...settings.defaults, ...(settings.byCategory[category] ?? {}), ...own };
}

export interface MeasuredValue {
  parameter: string;
  value: number;
  unit: string;
}

export interface Exceedance {
  parameter: string;
  value: number;
  unit: string;
  /** The bound crossed: the maximum, or for a value below a minimum (pH) the minimum. */
  limit: number;
  /** C/S: the value divided by the bound. */
  multiple: number;
  bound: 'MAX' | 'MIN';
}

/** A value given in another unit than its limit's cannot be compared: the caller refuses it. */
export function unitMismatches(values: readonly MeasuredValue[], limits: LimitSet): number[] {
  return values.flatMap((v, i) => {
    const limit = limits[v.parameter];
    return limit && limit.unit !== v.unit ? [i] : [];
  });
}

export function exceedances(values: readonly MeasuredValue[], limits: LimitSet): Exceedance[] {
  const found: Exceedance[] = [];
  for (const v of values) {
    const limit = limits[v.parameter];
    if (!limit || limit.unit !== v.unit) continue;
    if (limit.max !== undefined && v.value > limit.max) {
      found.push({ ...v, limit: limit.max, multiple: v.value / limit.max, bound: 'MAX' });
    } else if (limit.min !== undefined && v.value < limit.min && limit.min > 0) {
      found.push({ ...v, limit: limit.min, multiple: v.value / limit.min, bound: 'MIN' });
    }
  }
  return found;
}
