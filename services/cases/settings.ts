/**
 * The `cases` settings section: which units enforce, where system-proposed cases go, the re-inspection
 * period, and the thresholds of the serious-pollution grounds (法释〔2023〕7号 art. 1), which DOMAIN.md §3
 * asks to keep as settings. Every field has its default; `settingOf(deps, 'cases', CasesSettings)`.
 */
import * as z from 'zod';
import type { Deps } from '../shared/deps.ts';
import { settingOf } from '../shared/deps.ts';
import { MAX_PERIOD, PERIOD_UNITS } from '../shared/time/periods.ts';

const UnitId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a unit id');

/**
 * How "超过…标准三倍以上" compares a concentration C with the standard S for a multiple k: C ≥ k·S, or
 * C ≥ (k+1)·S when "exceeding by k times" is read as the excess over the standard. Unconfirmed
 * (DOMAIN.md §3): the operator chooses.
 */
export const MULTIPLE_RULES = ['C_AT_LEAST_K_TIMES_S', 'C_AT_LEAST_K_PLUS_ONE_TIMES_S'] as const;
export type MultipleRule = (typeof MULTIPLE_RULES)[number];

export const HeavyMetalGroup = z.object({
  /** Chemical symbols (aliases such as 总镉 or cadmium are read as the symbol). */
  parameters: z.array(z.string().min(1).max(8)).min(1).max(20),
  multiple: z.number().int().min(1).max(1000),
});
export type HeavyMetalGroup = z.output<typeof HeavyMetalGroup>;

export const CrimeGroundSettings = z
  .object({
    heavyMetals: z
      .array(HeavyMetalGroup)
      .max(10)
      .default([
        { parameters: ['Pb', 'Hg', 'Cd', 'Cr', 'As', 'Tl', 'Sb'], multiple: 3 },
        { parameters: ['Ni', 'Cu', 'Zn', 'Ag', 'V', 'Mn', 'Co'], multiple: 10 },
      ]),
    multipleRule: z.enum(MULTIPLE_RULES).default('C_AT_LEAST_K_TIMES_S'),
    hazardousWasteTonnes: z.number().positive().default(3),
    gainsOrLossesYuan: z.number().int().positive().default(300_000),
    intakeStopHours: z.number().positive().default(12),
    priorPenalties: z
      .object({
        count: z.number().int().min(1).default(2),
        withinYears: z.number().int().min(1).max(10).default(2),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type CrimeGroundSettings = z.output<typeof CrimeGroundSettings>;

const Period = z
  .object({ amount: z.number().int().min(1), unit: z.enum(PERIOD_UNITS) })
  .strict()
  .refine((p) => p.amount <= MAX_PERIOD[p.unit], 'is longer than any statutory period');

export const CasesSettings = z
  .object({
    /** Officers of these units (with ENFORCEMENT_OFFICER) run cases and keep the enterprise files. */
    enforcementUnitIds: z
      .array(UnitId)
      .min(1)
      .max(50)
      .default(['yanhu-eeb', 'city-eeb', 'city-eeb-enforcement']),
    /** The bureau that receives cases the system proposes (from an outfall exceedance). */
    defaultBureauUnitId: UnitId.default('yanhu-eeb'),
    /** Told when a closure awaits approval, when a crime is suspected, when a re-inspection is late. */
    supervisorUnitId: UnitId.default('yanhu-gov-office'),
    /** The police unit a proposed hand-off names. */
    policeUnitId: UnitId.default('yanhu-police'),
    /** Re-inspection after a correction order is served: 30 days (decree 28), counted as DAYS. */
    reinspectionPeriod: Period.default({ amount: 30, unit: 'DAYS' }),
    /** Days before the re-inspection's due instant that the bureau is reminded. */
    reinspectionReminderDays: z.number().int().min(0).max(30).default(5),
    /** Days after the due instant that a missed re-inspection is escalated to the supervisor. */
    escalateAfterDays: z.number().int().min(1).max(60).default(3),
    crimeGrounds: CrimeGroundSettings.prefault({}),
  })
  .strict();
export type CasesSettings = z.output<typeof CasesSettings>;

export function casesSettings(deps: Pick<Deps, 'settings'>): CasesSettings {
  return settingOf(deps, 'cases', CasesSettings);
}
