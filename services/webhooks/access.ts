/**
 * Who manages webhook subscriptions: supervisors (all of them) and integrators (those they created).
 * Someone else's subscription is NOT_FOUND to an integrator: its existence is not theirs to know.
 */
import { policy } from '../shared/auth/policy.ts';
import { hasRole } from '../shared/auth/principal.ts';
import type { WebhookSubscription } from './model.ts';

export const canManageWebhooks = policy<object>(
  'manageWebhooks',
  (actor) => hasRole(actor, 'SUPERVISOR', 'INTEGRATOR'),
  'Only supervisors and integrators manage webhook subscriptions',
);

export const canSeeSubscription = policy<Pick<WebhookSubscription, 'createdBy'>>(
  'seeWebhookSubscription',
  (actor, subscription) =>
    hasRole(actor, 'SUPERVISOR') || (hasRole(actor, 'INTEGRATOR') && subscription.createdBy === actor.id),
  'This subscription is not yours',
);
