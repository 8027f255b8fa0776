/**
 * The bus target that turns events into webhook deliveries: one delivery per (matching subscription,
 * event), queued idempotently on the event id, with its first attempt made right away. An event for a
 * disabled subscription is recorded as a SKIPPED delivery and not sent (it can be redelivered later).
 */

import { matchesEventPattern } from '../events/pattern.ts';
import type { BusEvent } from '../shared/events/envelope.ts';
import type { TargetHandler } from '../shared/events/target.ts';
import { ATTEMPT_LEASE_MS } from './backoff.ts';
import { attemptDelivery, type DeliveryDeps } from './deliver.ts';
import type { WebhookSubscriptionRecord } from './model.ts';
import { listSubscriptions, type NewDelivery, queueDelivery, recordSkippedDelivery } from './repository.ts';

export const webhookDispatch: TargetHandler = async (event, deps) => {
  const subscriptions = (await listSubscriptions(deps.store)).filter((s) => isSubscribed(s, event));
  // Each subscription on its own: one failing store write must not keep the others from being queued.
  const results = await Promise.allSettled(subscriptions.map((s) => deliver(deps, s, event)));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  // Rethrown so the bus retries the event; deliveries already queued are skipped on the retry.
  if (failure) throw failure.reason;
};

export function isSubscribed(subscription: WebhookSubscriptionRecord, event: BusEvent): boolean {
  try {
    return matchesEventPattern(
      JSON.parse(subscription.eventPattern),
      event as unknown as Record<string, unknown>,
    );
  } catch {
    return false;
  }
}

/** Clearwater's own event id; EventBridge's id only for an event without Clearwater metadata. */
export function eventIdOf(event: BusEvent): string {
  return event.detail?.metadata?.eventId ?? event.id;
}

async function deliver(deps: DeliveryDeps, subscription: WebhookSubscriptionRecord, event: BusEvent) {
  const now = deps.clock.now();
  const eventId = eventIdOf(event);
  const delivery: NewDelivery = {
    subscriptionId: subscription.id,
    eventId,
    source: event.source,
    detailType: event['detail-type'],
    body: JSON.stringify(event),
    createdAt: now.toISOString(),
    ownerId: subscription.createdBy,
  };
  if (subscription.status === 'DISABLED') {
    await recordSkippedDelivery(deps.store, delivery, 'the subscription is disabled');
    return;
  }
  const queued = await queueDelivery(
    deps.store,
    delivery,
    // The timer starts one lease out: the sweeper takes over only if this first attempt never happens.
    new Date(now.getTime() + ATTEMPT_LEASE_MS),
  );
  if (queued) await attemptDelivery(deps, subscription, eventId, { attemptCount: 0 });
}
