/**
 * What supervisors and integrators do with webhooks: subscribe an endpoint (whose URL must lead to a
 * public address, checked with DNS), list and delete their subscriptions, read the delivery record and
 * the failed deliveries, redeliver them, and enable a subscription that was disabled for failing.
 * Writes commit with their audit entry in one transaction. An integrator manages only the
 * subscriptions it created; a supervisor manages all of them.
 */
import { authorize } from '../shared/auth/policy.ts';
import { type Actor, hasRole } from '../shared/auth/principal.ts';
import type { Clock } from '../shared/clock.ts';
import type { Caller } from '../shared/commands/kit.ts';
import { BadUserInputError, NotFoundError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import type { HostResolver } from '../shared/outbound.ts';
import type { Settings } from '../shared/settings.ts';
import type { Store } from '../shared/store/client.ts';
import { keys } from '../shared/store/keys.ts';
import type { Page } from '../shared/store/query.ts';
import { UnitOfWork } from '../shared/store/transaction.ts';
import { parseInput } from '../shared/validation.ts';
import { canManageWebhooks, canSeeSubscription } from './access.ts';
import { resolveDestination } from './destination.ts';
import {
  createWebhookSubscriptionInput,
  type DeliveryStatus,
  type WebhookDelivery,
  type WebhookSubscription,
  type WebhookSubscriptionRecord,
} from './model.ts';
import {
  getDelivery,
  getSubscription,
  listDeliveries as listDeliveryPage,
  listSubscriptions,
  listUndelivered,
  subscriptionItem,
  withoutSecret,
} from './repository.ts';
import { newWebhookSecret } from './signature.ts';

export interface WebhookCommandDeps {
  store: Store;
  clock: Clock;
  settings?: Settings;
  /** DNS for the URL check; absent = the system resolver. */
  resolveHost?: HostResolver;
  /** Local runtime only: http://localhost and http://127.0.0.1 endpoints (and loopback) are accepted. */
  allowInsecureLocalhost?: boolean;
}

const ENTITY = 'WebhookSubscription';

export interface CreatedWebhookSubscription {
  subscription: WebhookSubscription;
  /** Returned here only: it signs every delivery, and no query exposes it again. */
  secret: string;
}

export async function createWebhookSubscription(
  deps: WebhookCommandDeps,
  ctx: Caller,
  raw: unknown,
): Promise<CreatedWebhookSubscription> {
  authorize(ctx.actor, canManageWebhooks, {});
  const input = parseInput(createWebhookSubscriptionInput(deps), raw);
  // Where the URL leads, now; it is checked again at every send (DNS can change).
  const destination = await resolveDestination(deps, input.url);
  if (!destination.ok) throw new BadUserInputError([{ field: 'input.url', message: destination.problem }]);
  const now = deps.clock.now();
  const record: WebhookSubscriptionRecord = {
    id: newId(now),
    url: input.url,
    eventPattern: input.eventPattern,
    description: input.description || undefined,
    createdAt: now.toISOString(),
    createdBy: ctx.actor.id,
    createdByUnitId: ctx.actor.unitId,
    version: 1,
    status: 'ACTIVE',
    consecutiveFailedDeliveries: 0,
    secret: newWebhookSecret(),
  };
  const work = new UnitOfWork({ ...ctx, now });
  work.put(subscriptionItem(record), { expression: 'attribute_not_exists(PK)' });
  work.audit({
    entityType: ENTITY,
    entityId: record.id,
    action: 'CREATE',
    summary: `Subscribed ${record.url} to ${record.eventPattern}`,
    changes: { url: record.url, eventPattern: record.eventPattern, description: record.description },
  });
  await work.commit(deps.store);
  return { subscription: withoutSecret(record), secret: record.secret };
}

/** Deletes the subscription. Its deliveries stay for the record; pending ones are given up when next due. */
export async function deleteWebhookSubscription(
  deps: WebhookCommandDeps,
  ctx: Caller,
  id: string,
): Promise<string> {
  const subscription = await loadVisible(deps.store, ctx.actor, id);
  const now = deps.clock.now();
  const work = new UnitOfWork({ ...ctx, now });
  work.delete(keys.webhookSubscription(id), {
    expression: 'attribute_exists(PK)',
    onFailed: () => new NotFoundError(ENTITY, id),
  });
  work.audit({
    entityType: ENTITY,
    entityId: id,
    action: 'DELETE',
    summary: `Unsubscribed ${subscription.url}`,
    changes: { url: subscription.url, eventPattern: subscription.eventPattern },
  });
  await work.commit(deps.store);
  return id;
}

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
