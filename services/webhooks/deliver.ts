/**
 * One delivery attempt: claim it, check where the URL leads, POST the signed body to the checked
 * address, record what happened (a category, never the raw error), and update the subscription's
 * health. Also the deadline sweeper's handler for deliveries whose next attempt is due.
 */
import * as z from 'zod';
import { defineDeadlineKind, type TimerHandler } from '../shared/deadlines/kinds.ts';
import type { OutboundDeps } from '../shared/deps.ts';
import { METRIC } from '../shared/telemetry.ts';
import { categoryOf, describeCategory } from './attempt-errors.ts';
import { ATTEMPT_LEASE_MS, afterAttempt, MAX_ATTEMPTS } from './backoff.ts';
import { resolveDestination } from './destination.ts';
import { noteAttemptOutcome } from './health.ts';
import { sendPinned } from './http-client.ts';
import type { DeliveryAttempt, WebhookDelivery, WebhookSubscriptionRecord } from './model.ts';
import {
  type Claim,
  claimAttempt,
  DELIVERY_TIMER_KIND,
  getSubscription,
  giveUpDelivery,
  recordAttempt,
} from './repository.ts';
import { webhooksSettings } from './settings.ts';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signBody } from './signature.ts';

/** What an attempt needs; both the bus target's and the sweeper's dependencies provide it. */
export type DeliveryDeps = OutboundDeps;

export const USER_AGENT = 'Clearwater-Webhooks/1';

/**
 * Makes the next attempt of a delivery if `claim` still describes it. Returns false, having sent
 * nothing, when another worker claimed it first or it is no longer pending.
 */
export async function attemptDelivery(
  deps: DeliveryDeps,
  subscription: WebhookSubscriptionRecord,
  eventId: string,
  claim: Claim,
): Promise<boolean> {
  const ref = { subscriptionId: subscription.id, eventId };
  const startedAt = deps.clock.now();
  const delivery = await claimAttempt(
    deps.store,
    ref,
    claim,
    new Date(startedAt.getTime() + ATTEMPT_LEASE_MS),
  );
  if (!delivery) return false;
  const result = await post(deps, subscription, delivery);
  const attempt: DeliveryAttempt = { number: delivery.attemptCount, at: startedAt.toISOString(), ...result };
  // The backoff counts within the current sequence: a redelivery starts again at its first attempt.
  const inSequence = attempt.number - (delivery.sequenceStart ?? 0);
  const outcome = afterAttempt(inSequence, result.statusCode, deps.clock.now());
  const recorded = await recordAttempt(deps.store, ref, attempt, outcome, delivery.sequenceStart ?? 0);
  deps.telemetry?.count(METRIC.webhookDeliveries, 1, { outcome: outcome.status });
  deps.telemetry?.log('info', 'Webhook delivery attempt', {
    subscriptionId: subscription.id,
    eventId,
    attempt: attempt.number,
    statusCode: result.statusCode,
    errorCategory: result.errorCategory,
    outcome: outcome.status,
  });
  if (recorded) await noteHealth(deps, subscription, outcome, startedAt);
  return true;
}

/** Health bookkeeping must not undo a recorded attempt: its failure is logged, not thrown. */
async function noteHealth(
  deps: DeliveryDeps,
  subscription: WebhookSubscriptionRecord,
  outcome: Parameters<typeof noteAttemptOutcome>[2],
  at: Date,
): Promise<void> {
  try {
    await noteAttemptOutcome(deps, subscription, outcome, at);
  } catch (error) {
    deps.telemetry?.log('error', 'Webhook subscription health update failed', {
      subscriptionId: subscription.id,
      error: String(error),
    });
  }
}

type PostResult = Pick<DeliveryAttempt, 'statusCode' | 'errorCategory' | 'error' | 'durationMs'>;

async function post(
  deps: DeliveryDeps,
  subscription: WebhookSubscriptionRecord,
  delivery: WebhookDelivery,
): Promise<PostResult> {
  const timeoutMs = webhooksSettings(deps).requestTimeoutSeconds * 1000;
  const started = performance.now();
  // Checked at every send: DNS may have changed since creation, and a URL accepted by a local runtime
  // is never called from a deployed one.
  const destination = await resolveDestination(deps, subscription.url);
  if (!destination.ok) {
    const error =
      destination.category === 'DNS'
        ? describeCategory('DNS', timeoutMs)
        : `not sent: the URL ${destination.problem}`;
    return { errorCategory: destination.category, error, durationMs: elapsedSince(started) };
  }
  try {
    const { statusCode } = await (deps.sendHttp ?? sendPinned)({
      url: destination.url,
      address: destination.address,
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        [EVENT_ID_HEADER]: delivery.eventId,
        [SIGNATURE_HEADER]: signBody(delivery.body, subscription.secret),
      },
      body: delivery.body,
      timeoutMs,
    });
    const failed = statusCode < 200 || statusCode >= 300;
    return {
      statusCode,
      ...(failed ? { errorCategory: 'HTTP_STATUS' as const } : {}),
      durationMs: elapsedSince(started),
    };
  } catch (error) {
    const category = categoryOf(error);
    // The raw message (addresses, library internals) stays in the logs.
    deps.telemetry?.log('warn', 'Webhook request failed', {
      subscriptionId: subscription.id,
      eventId: delivery.eventId,
      errorCategory: category,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return {
      errorCategory: category,
      error: describeCategory(category, timeoutMs),
      durationMs: elapsedSince(started),
    };
  }
}

function elapsedSince(started: number): number {
  return Math.round(performance.now() - started);
}

/** The part of a due timer item this handler reads. */
const DueDelivery = z.object({
  subscriptionId: z.string().min(1),
  eventId: z.string().min(1),
  attemptCount: z.number().int().nonnegative(),
  sequenceStart: z.number().int().nonnegative().default(0),
  timerAt: z.string().min(1),
});

/**
 * The sweeper's handler for a due `WebhookDelivery` timer: makes the next attempt. Returns 1 when it
 * made one, 0 when another worker claimed it first or the delivery was ended instead.
 */
export const retryWebhookDelivery: TimerHandler = async (item, deps) => {
  const due = DueDelivery.parse(item);
  const claim: Claim = { attemptCount: due.attemptCount, timerAt: due.timerAt };
  const ref = { subscriptionId: due.subscriptionId, eventId: due.eventId };
  const at = deps.clock.now();
  const subscription = await getSubscription(deps.store, due.subscriptionId);
  if (!subscription) {
    await giveUpDelivery(deps.store, ref, claim, {
      status: 'FAILED',
      reason: 'the subscription was deleted',
      at,
    });
    return 0;
  }
  if (subscription.status === 'DISABLED') {
    await giveUpDelivery(deps.store, ref, claim, {
      status: 'SKIPPED',
      reason: 'the subscription is disabled',
      at,
    });
    return 0;
  }
  if (due.attemptCount - due.sequenceStart >= MAX_ATTEMPTS) {
    // Only when the worker holding the last attempt died before recording it.
    const ended = await giveUpDelivery(deps.store, ref, claim, {
      status: 'FAILED',
      reason: `all ${MAX_ATTEMPTS} attempts were used`,
      at,
    });
    if (ended) await noteHealth(deps, subscription, { status: 'FAILED' }, at);
    return 0;
  }
  return (await attemptDelivery(deps, subscription, due.eventId, claim)) ? 1 : 0;
};

/** Webhook retries ride on the deadline mechanism: a pending delivery's timer is its next attempt. */
export const webhookRetryDeadline = defineDeadlineKind({
  name: DELIVERY_TIMER_KIND,
  description:
    'The next attempt of a webhook delivery (30 s, 2 min, 10 min, 1 h, 6 h, 24 h after failures), or the first attempt of a redelivery.',
  fire: retryWebhookDelivery,
});
