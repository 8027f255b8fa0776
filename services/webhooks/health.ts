/**
 * Subscription health: every attempt's result moves the subscription's failure record (a 2xx clears it),
 * and a subscription that keeps failing — too many FAILED deliveries in a row, or no 2xx for too long
 * (settings `webhooks.disableAfterFailedDeliveries`, `disableAfterFailingHours`) — is disabled, with an
 * audit entry and a `WebhookSubscriptionDisabled` event that tells the owner's unit (or the supervisor).
 */
import { WebhookSubscriptionDisabled } from '../events/catalog/webhooks.ts';
import { systemActor } from '../shared/auth/principal.ts';
import { HOUR_MS } from '../shared/clock.ts';
import type { OutboundDeps } from '../shared/deps.ts';
import { ConflictError } from '../shared/errors.ts';
import { keys } from '../shared/store/keys.ts';
import { UnitOfWork } from '../shared/store/transaction.ts';
import type { AttemptOutcome } from './backoff.ts';
import type { DisableReason, WebhookSubscriptionRecord } from './model.ts';
import { recordEndpointAnswered, recordEndpointFailed } from './repository.ts';
import { type WebhooksSettings, webhooksSettings } from './settings.ts';

const actor = systemActor('webhook-delivery');

/** Why the subscription must be disabled now, or undefined. */
export function disableReason(
  subscription: Pick<WebhookSubscriptionRecord, 'status' | 'consecutiveFailedDeliveries' | 'failingSince'>,
  settings: Pick<WebhooksSettings, 'disableAfterFailedDeliveries' | 'disableAfterFailingHours'>,
  now: Date,
): DisableReason | undefined {
  if (subscription.status === 'DISABLED') return undefined;
  if (subscription.consecutiveFailedDeliveries >= settings.disableAfterFailedDeliveries) {
    return 'FAILED_DELIVERIES';
  }
  const since = subscription.failingSince ? Date.parse(subscription.failingSince) : Number.NaN;
  if (now.getTime() - since >= settings.disableAfterFailingHours * HOUR_MS) return 'FAILING_TOO_LONG';
  return undefined;
}

/**
 * Records what an attempt's outcome says about the endpoint; disables the subscription when it must.
 * `read` is the subscription as the attempt read it: a healthy endpoint's success writes nothing, so
 * a busy subscription's item is not written once per delivery.
 */
export async function noteAttemptOutcome(
  deps: OutboundDeps,
  read: Pick<WebhookSubscriptionRecord, 'id' | 'consecutiveFailedDeliveries' | 'failingSince'>,
  outcome: AttemptOutcome,
  attemptedAt: Date,
): Promise<void> {
  if (outcome.status === 'DELIVERED') {
    const failing = read.failingSince !== undefined || read.consecutiveFailedDeliveries > 0;
    return failing ? recordEndpointAnswered(deps.store, read.id) : undefined;
  }
  const failed = outcome.status === 'FAILED';
  const now = await recordEndpointFailed(deps.store, read.id, attemptedAt, failed);
  if (!now) return;
  const reason = disableReason(now, webhooksSettings(deps), deps.clock.now());
  if (reason) await disableSubscription(deps, now, reason);
}

/** Disables the subscription; false when it was already disabled or deleted meanwhile. */
export async function disableSubscription(
  deps: Pick<OutboundDeps, 'store' | 'clock' | 'settings'>,
  subscription: WebhookSubscriptionRecord,
  reason: DisableReason,
): Promise<boolean> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const work = new UnitOfWork({ actor, correlationId: `webhook-health:${subscription.id}`, now });
  work.update(
    keys.webhookSubscription(subscription.id),
    {
      expression:
        'SET #status = :disabled, disabledAt = :at, disabledReason = :reason, updatedAt = :at ADD version :one',
      names: { '#status': 'status' },
      values: { ':disabled': 'DISABLED', ':at': at, ':reason': reason, ':one': 1 },
    },
    {
      expression: 'attribute_exists(PK) AND (attribute_not_exists(#status) OR #status = :active)',
      values: { ':active': 'ACTIVE' },
      onFailed: () => new ConflictError('The subscription is already disabled or was deleted'),
    },
  );
  work.audit({
    entityType: 'WebhookSubscription',
    entityId: subscription.id,
    action: 'DISABLE',
    summary: `Disabled ${subscription.url}: ${describeReason(subscription, reason)}`,
    changes: {
      reason,
      consecutiveFailedDeliveries: subscription.consecutiveFailedDeliveries,
      failingSince: subscription.failingSince,
    },
  });
  work.emit(WebhookSubscriptionDisabled, {
    subscriptionId: subscription.id,
    url: subscription.url,
    ownerId: subscription.createdBy,
    reason,
    consecutiveFailedDeliveries: subscription.consecutiveFailedDeliveries,
    failingSince: subscription.failingSince,
    recipientUnitIds: [subscription.createdByUnitId ?? webhooksSettings(deps).supervisorUnitId],
  });
  try {
    await work.commit(deps.store);
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}

function describeReason(subscription: WebhookSubscriptionRecord, reason: DisableReason): string {
  return reason === 'FAILED_DELIVERIES'
    ? `${subscription.consecutiveFailedDeliveries} deliveries in a row failed`
    : `no 2xx answer since ${subscription.failingSince}`;
}
