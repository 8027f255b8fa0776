/**
 * The `complaints` settings section: who runs the 12369 desk and the limits of a report (MEP decree 15,
 * DOMAIN.md §6): acceptance (15 days in provincial rules, often 2 working days locally — a setting),
 * closure within 60 days of acceptance, one extension of at most 30 days.
 */
import * as z from 'zod';
import type { Deps } from '../shared/deps.ts';
import { settingOf } from '../shared/deps.ts';
import { MAX_PERIOD, PERIOD_UNITS } from '../shared/time/periods.ts';

const UnitId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a unit id');
const Period = z
  .object({ amount: z.number().int().min(1), unit: z.enum(PERIOD_UNITS) })
  .strict()
  .refine((p) => p.amount <= MAX_PERIOD[p.unit], 'is longer than any statutory period');

export const ComplaintsSettings = z
  .object({
    /** Units whose officers take, accept, redirect and assign reports (the 12369 desk). */
    deskUnitIds: z.array(UnitId).min(1).max(20).default(['yanhu-eeb']),
    /** Escalations of missed limits go here. */
    supervisorUnitId: UnitId.default('yanhu-gov-office'),
    acceptanceLimit: Period.default({ amount: 15, unit: 'DAYS' }),
    closureLimit: Period.default({ amount: 60, unit: 'DAYS' }),
    /** The one extension, in days counted from the end of the closure limit. */
    maxExtensionDays: z.number().int().min(1).max(365).default(30),
    reminderDays: z.number().int().min(0).max(30).default(3),
    escalateAfterDays: z.number().int().min(1).max(60).default(3),
  })
  .strict();
export type ComplaintsSettings = z.output<typeof ComplaintsSettings>;

export function complaintsSettings(deps: Pick<Deps, 'settings'>): ComplaintsSettings {
  return settingOf(deps, 'complaints', ComplaintsSettings);
}
