/**
 * Sending again what did not arrive, and switching a disabled subscription back on. A redelivery is a
 * new attempt sequence (7 attempts on the usual backoff) on the same delivery record, started by a
 * conditional write from FAILED or SKIPPED to PENDING: of two concurrent redeliveries one starts it and
 * the other changes nothing, so a delivery never has two sequences at once. Its first attempt is made
 * by the next sweep. Each redelivery and each enabling is audited.
 */
import { WebhookSubscriptionEnabled } from '../events/catalog/webhooks.ts';
import type { Caller } from '../shared/commands/kit.ts';
import { ConflictError, NotFoundError } from '../shared/errors.ts';
import { keys } from '../shared/store/keys.ts';
import { UnitOfWork } from '../shared/store/transaction.ts';
import type { WebhookCommandDeps } from './commands.ts';
import {
  MAX_REDELIVERIES_PER_CALL,
  type WebhookDelivery,
  type WebhookSubscription,
  type WebhookSubscriptionRecord,
} from './model.ts';
import { loadVisible } from './queries.ts';
import {
  getDelivery,
  getSubscription,
  listUndelivered,
  redeliveryWrite,
  withoutSecret,
} from './repository.ts';

const CONCURRENCY = 8;

export interface RedeliveryResult {
  delivery: WebhookDelivery;
  /** False when nothing changed: the delivery was not FAILED or SKIPPED (already redelivered, delivered). */
  started: boolean;
}

export interface BulkRedeliveryResult {
  subscription: WebhookSubscription;
  redelivered: number;
  /** More FAILED or SKIPPED deliveries are left than one call starts. */
  remaining: boolean;
}

/** Starts a new attempt sequence for one FAILED or SKIPPED delivery; nothing for any other status. */
export async function redeliverWebhookDelivery(
  deps: WebhookCommandDeps,
  ctx: Caller,
  ref: { subscriptionId: string; eventId: string },
): Promise<RedeliveryResult> {
  const subscription = await loadVisible(deps.store, ctx.actor, ref.subscriptionId);
  const delivery = await getDelivery(deps.store, ref.subscriptionId, ref.eventId);
  if (!delivery) throw new NotFoundError('WebhookDelivery', `${ref.subscriptionId}:${ref.eventId}`);
  if (delivery.status !== 'FAILED' && delivery.status !== 'SKIPPED') return { delivery, started: false };
  assertActive(subscription);
  const started = await startSequence(deps, ctx, subscription, delivery);
  return { delivery: (await getDelivery(deps.store, ref.subscriptionId, ref.eventId)) ?? delivery, started };
}

/** Redelivers the subscription's FAILED and SKIPPED deliveries, oldest failure first, up to 100 a call. */
export async function redeliverFailedDeliveries(
  deps: WebhookCommandDeps,
  ctx: Caller,
  subscriptionId: string,
): Promise<BulkRedeliveryResult> {
  const subscription = await loadVisible(deps.store, ctx.actor, subscriptionId);
  assertActive(subscription);
  const { redelivered, remaining } = await redeliverUndelivered(deps, ctx, subscription);
  return { subscription: withoutSecret(subscription), redelivered, remaining };
}

export interface EnableResult extends BulkRedeliveryResult {
  /** False when it was not disabled (nothing changed, no event). */
  enabled: boolean;
}

/**
 * Enables a disabled subscription (its failure record starts afresh), and with `redeliver` also
 * redelivers what was skipped or failed meanwhile. Enabling an active subscription changes nothing.
 */
export async function enableWebhookSubscription(
  deps: WebhookCommandDeps,
  ctx: Caller,
  id: string,
  options: { redeliver?: boolean } = {},
): Promise<EnableResult> {
  const subscription = await loadVisible(deps.store, ctx.actor, id);
  const enabled = subscription.status === 'DISABLED' && (await enable(deps, ctx, subscription));
  const current = (await getSubscription(deps.store, id)) ?? subscription;
  const redelivery =
    options.redeliver && current.status === 'ACTIVE'
      ? await redeliverUndelivered(deps, ctx, current)
      : { redelivered: 0, remaining: false };
  return { subscription: withoutSecret(current), enabled, ...redelivery };
}

async function enable(
  deps: WebhookCommandDeps,
  ctx: Caller,
  subscription: WebhookSubscriptionRecord,
): Promise<boolean> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const work = new UnitOfWork({ ...ctx, now });
  work.update(
    keys.webhookSubscription(subscription.id),
    {
      expression:
        'SET #status = :active, consecutiveFailedDeliveries = :zero, updatedAt = :at, version = :next ' +
        'REMOVE failingSince, disabledAt, disabledReason',
      names: { '#status': 'status' },
      values: { ':active': 'ACTIVE', ':zero': 0, ':at': at, ':next': subscription.version + 1 },
    },
    {
      expression: '#status = :disabled AND version = :read',
      values: { ':disabled': 'DISABLED', ':read': subscription.version },
      onFailed: () => new ConflictError('The subscription changed meanwhile'),
    },
  );
  work.audit({
    entityType: 'WebhookSubscription',
    entityId: subscription.id,
    action: 'ENABLE',
    summary: `Enabled ${subscription.url} (disabled since ${subscription.disabledAt})`,
    changes: { disabledAt: subscription.disabledAt, disabledReason: subscription.disabledReason },
  });
  work.emit(WebhookSubscriptionEnabled, {
    subscriptionId: subscription.id,
    url: subscription.url,
    ownerId: subscription.createdBy,
    disabledAt: subscription.disabledAt,
  });
  try {
    await work.commit(deps.store);
    return true;
  } catch (error) {
    // Someone enabled it at the same moment: enabled all the same, once.
    if (error instanceof ConflictError) return false;
    throw error;
  }
}

async function redeliverUndelivered(
  deps: WebhookCommandDeps,
  ctx: Caller,
  subscription: WebhookSubscriptionRecord,
): Promise<{ redelivered: number; remaining: boolean }> {
  const page = await listUndelivered(
    deps.store,
    { subscriptionId: subscription.id },
    { first: MAX_REDELIVERIES_PER_CALL, oldestFirst: true },
  );
  let redelivered = 0;
  let next = 0;
  const worker = async () => {
    while (next < page.items.length) {
      const delivery = page.items[next++] as WebhookDelivery;
      if (await startSequence(deps, ctx, subscription, delivery)) redelivered++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, page.items.length) }, worker));
  return { redelivered, remaining: page.next !== undefined };
}

/** The conditional write and its audit entry; false when the delivery was no longer FAILED or SKIPPED. */
async function startSequence(
  deps: WebhookCommandDeps,
  ctx: Caller,
  subscription: WebhookSubscriptionRecord,
  delivery: WebhookDelivery,
): Promise<boolean> {
  const now = deps.clock.now();
  const write = redeliveryWrite(delivery, now, ctx.actor.id);
  const work = new UnitOfWork({ ...ctx, now });
  work.update(write.key, write.update, {
    ...write.condition,
    onFailed: () => new ConflictError('The delivery is no longer FAILED or SKIPPED'),
  });
  work.audit({
    entityType: 'WebhookDelivery',
    entityId: `${delivery.subscriptionId}:${delivery.eventId}`,
    action: 'REDELIVER',
    summary: `Redelivering ${delivery.detailType} ${delivery.eventId} to ${subscription.url} (${delivery.status} after ${delivery.attemptCount} attempts)`,
    changes: { fromStatus: delivery.status, afterAttempt: delivery.attemptCount },
  });
  try {
    await work.commit(deps.store);
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}

function assertActive(subscription: WebhookSubscriptionRecord): void {
  if (subscription.status === 'DISABLED') {
    throw new ConflictError(
      `Webhook subscription ${subscription.id} is disabled: enable it (enableWebhookSubscription) before redelivering`,
      { reason: 'SUBSCRIPTION_DISABLED' },
    );
  }
}
