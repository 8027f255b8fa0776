/** Who may change the district's units: the supervisor (the district government office) maintains them. */
import { policy } from '../shared/auth/policy.ts';
import { hasRole } from '../shared/auth/principal.ts';

export const canMaintainUnits = policy<{ unitId: string }>(
  'maintainUnits',
  (actor) => hasRole(actor, 'SUPERVISOR'),
  'Only the supervisor maintains the district’s units and groups',
);
