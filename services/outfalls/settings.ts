/**
 * The `outfalls` section of the operator's settings, with its defaults: the code format, the water
 * bodies of the register, the flood season, discharge limits, the supervision phone published with the
 * register, and which plan's annex governs outfalls.
 */
import * as z from 'zod';
import { type Deps, settingOf } from '../shared/deps.ts';
import { OUTFALL_CATEGORIES } from './categories.ts';
import { DEFAULT_CATEGORY_LIMITS, DEFAULT_LIMITS, LimitSet } from './limits.ts';

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const CodePattern = z
  .string()
  .max(200)
  .refine(
    (pattern) => {
      try {
        new RegExp(pattern, 'u');
        return pattern.startsWith('^') && pattern.endsWith('$');
      } catch {
        return false;
      }
    },
    { message: 'must be a regular expression anchored with ^ and $' },
  );

/** A name that can be a key slot and a CSV cell: no `#`, no line breaks. */
export const WaterBodyName = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[^#\r\n]+$/, 'must not contain # or line breaks');

export const OutfallSettings = z.object({
  /** The district the register belongs to: codes are unique within it. */
  district: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .default('yanhu'),
  /** The plan whose annex items (A1–A10) govern outfalls and give their deadlines. */
  planId: z.string().min(1).max(63).default('yanhu-2020'),
  /** No national code format is confirmed (DOMAIN.md §2): the district sets its own. `:` and `#` are never allowed. */
  codePattern: CodePattern.default('^[A-Z0-9][A-Z0-9-]{2,31}$'),
  waterBodies: z.array(WaterBodyName).min(1).max(30).default(['涑水河', '姚暹渠']),
  floodSeason: z
    .object({
      start: z.string().regex(MONTH_DAY, 'must be MM-DD'),
      end: z.string().regex(MONTH_DAY, 'must be MM-DD'),
    })
    .default({ start: '06-01', end: '09-30' }),
  limits: z
    .object({
      defaults: LimitSet.default(DEFAULT_LIMITS),
      byCategory: z.partialRecord(z.enum(OUTFALL_CATEGORIES), LimitSet).default(DEFAULT_CATEGORY_LIMITS),
    })
    .default({ defaults: DEFAULT_LIMITS, byCategory: DEFAULT_CATEGORY_LIMITS }),
  /** The phone number published with the register for the public to report on outfalls. */
  supervisionPhone: z.string().trim().min(1).max(30).default('12369'),
  /** Reminder before, and escalation after, an outfall's annex deadline (days). */
  remindBeforeDays: z.number().int().min(0).max(60).default(7),
  escalateAfterDays: z.number().int().min(1).max(365).default(7),
});
export type OutfallSettings = z.output<typeof OutfallSettings>;

export function outfallSettings(deps: Pick<Deps, 'settings'>): OutfallSettings {
  return settingOf(deps, 'outfalls', OutfallSettings);
}
