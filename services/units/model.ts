/**
 * The district's units: agencies, townships, the park, the police, and groups of units such as 各乡镇办.
 * Plans name them; every context assigns work to them.
 */
import * as z from 'zod';

export const UNIT_KINDS = ['GOVERNMENT', 'AGENCY', 'TOWNSHIP', 'PARK', 'POLICE', 'GROUP'] as const;
export const UnitKind = z.enum(UNIT_KINDS);

export const UnitId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes (at most 63)');

const Text = (max: number) => z.string().trim().min(1).max(max);

export const Unit = z
  .object({
    id: UnitId,
    name: Text(100),
    shortName: Text(40).optional(),
    kind: UnitKind,
    /** For a GROUP (e.g. 各乡镇办): the member units, maintained by the supervisor. */
    memberIds: z.array(UnitId).max(200).optional(),
    /**
     * Where the unit's data comes from when it is not the plan document itself, e.g. a public listing
     * of the district's divisions that the district has yet to confirm.
     */
    source: Text(300).optional(),
    /** True while the district has not confirmed the unit (or a group's membership). */
    unconfirmed: z.boolean().optional(),
  })
  .refine((unit) => unit.kind === 'GROUP' || !unit.memberIds, {
    message: 'only a GROUP unit has members',
    path: ['memberIds'],
  });
export type Unit = z.infer<typeof Unit>;
