/**
 * What supervisors and integrators read about webhooks: their subscriptions, the record of each delivery
 * and the failed ones. An integrator sees only the subscriptions it created (someone else's is NOT_FOUND,
 * or null from a lookup); a supervisor sees all. Apart from the commands so that the GraphQL cold start
 * loads the reads only.
 */
import { authorize } from '../shared/auth/policy.ts';
import { type Actor, hasRole } from '../shared/auth/principal.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { Store } from '../shared/store/client.ts';
import type { Page } from '../shared/store/query.ts';
import { canManageWebhooks, canSeeSubscription } from './access.ts';
import type {
  DeliveryStatus,
  WebhookDelivery,
  WebhookSubscription,
  WebhookSubscriptionRecord,
} from './model.ts';
import {
  getDelivery,
  getSubscription,
  listDeliveries as listDeliveryPage,
  listSubscriptions,
  listUndelivered,
  withoutSecret,
} from './repository.ts';

const ENTITY = 'WebhookSubscription';

/** The subscriptions the actor may see, oldest first. */
export async function listWebhookSubscriptions(store: Store, actor: Actor): Promise<WebhookSubscription[]> {
  authorize(actor, canManageWebhooks, {});
  const all = await listSubscriptions(store);
  return all.filter((s) => canSeeSubscription.allows(actor, s)).map(withoutSecret);
}

/** Deliveries of one subscription (of one status, or all), newest event first (event ids are time-ordered). */
export async function listDeliveries(
  store: Store,
  actor: Actor,
  subscriptionId: string,
  first: number,
  after?: string | null,
  status?: DeliveryStatus,
): Promise<Page<WebhookDelivery>> {
  await loadVisible(store, actor, subscriptionId);
  return listDeliveryPage(store, subscriptionId, first, after, status);
}

/**
 * FAILED and SKIPPED deliveries of every subscription the actor may see (an integrator: those it created;
 * a supervisor: all), the most recent failure first.
 */
export async function listFailedDeliveries(
  store: Store,
  actor: Actor,
  first: number,
  after?: string | null,
): Promise<Page<WebhookDelivery>> {
  authorize(actor, canManageWebhooks, {});
  const scope = hasRole(actor, 'SUPERVISOR') ? {} : { ownerId: actor.id };
  return listUndelivered(store, scope, { first, after });
}

/** The subscription if the actor may see it (for lookups by id that answer null rather than an error). */
export async function findVisibleSubscription(
  store: Store,
  actor: Actor,
  id: string,
): Promise<WebhookSubscription | undefined> {
  if (!canManageWebhooks.allows(actor, {})) return undefined;
  const subscription = await getSubscription(store, id);
  return subscription && canSeeSubscription.allows(actor, subscription)
    ? withoutSecret(subscription)
    : undefined;
}

/** One delivery, if the actor may see its subscription (as `listDeliveries` requires). */
export async function findVisibleDelivery(
  store: Store,
  actor: Actor,
  subscriptionId: string,
  eventId: string,
): Promise<WebhookDelivery | undefined> {
  if (!(await findVisibleSubscription(store, actor, subscriptionId))) return undefined;
  return getDelivery(store, subscriptionId, eventId);
}

/**
 * The stored subscription, if the actor may manage it. Someone else's subscription is NOT_FOUND to an
 * integrator: its existence is not theirs to know.
 */
export async function loadVisible(
  store: Store,
  actor: Actor,
  id: string,
): Promise<WebhookSubscriptionRecord> {
  authorize(actor, canManageWebhooks, {});
  const subscription = await getSubscription(store, id);
  if (!subscription) throw new NotFoundError(ENTITY, id);
  authorize(actor, canSeeSubscription, subscription, { hideAs: () => new NotFoundError(ENTITY, id) });
  return subscription;
}
