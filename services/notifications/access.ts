/** Whose inbox a caller may read: their own unit's; the supervisor may read any unit's. */
import { policy } from '../shared/auth/policy.ts';
import { hasRole } from '../shared/auth/principal.ts';

export const canReadInbox = policy<{ unitId: string }>(
  'readInbox',
  (actor, { unitId }) => hasRole(actor, 'SUPERVISOR') || actor.unitId === unitId,
  'You may read only your own unit’s notifications',
);
