/** Events of the district's units (source `clearwater.units`). */
import * as z from 'zod';
import { defineEvent } from '../../shared/events/envelope.ts';

const source = 'clearwater.units';

const Membership = z.object({
  groupId: z.string(),
  unitId: z.string(),
  /** The group's members after the change. */
  memberIds: z.array(z.string()),
  reason: z.string(),
});

export const UnitGroupMemberAdded = defineEvent({
  source,
  detailType: 'UnitGroupMemberAdded',
  version: 1,
  description:
    'The supervisor added a unit to a group (e.g. a township to 各乡镇办): it now acts as the group.',
  data: Membership,
  entity: (d) => ({ type: 'Unit', id: d.groupId }),
});

export const UnitGroupMemberRemoved = defineEvent({
  source,
  detailType: 'UnitGroupMemberRemoved',
  version: 1,
  description: 'The supervisor removed a unit from a group: it no longer acts as the group.',
  data: Membership,
  entity: (d) => ({ type: 'Unit', id: d.groupId }),
});

export const UnitConfirmed = defineEvent({
  source,
  detailType: 'UnitConfirmed',
  version: 1,
  description: 'The district confirmed a unit (or a group’s membership) taken from public listings.',
  data: z.object({ unitId: z.string(), name: z.string(), note: z.string().optional() }),
  entity: (d) => ({ type: 'Unit', id: d.unitId }),
});
