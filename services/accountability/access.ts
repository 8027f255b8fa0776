/** Who decides accountability interviews (约谈): the supervisor, for the district government. */
import { policy } from '../shared/auth/policy.ts';
import { hasRole } from '../shared/auth/principal.ts';

export const canDecideInterviews = policy<object>(
  'decideAccountabilityInterview',
  (actor) => hasRole(actor, 'SUPERVISOR'),
  'Only the supervisor decides accountability interviews',
);
