/**
 * One delivery attempt: claim it, POST the signed body, record what happened. Also the deadline
 * sweeper's handler for deliveries whose next attempt is due.
 */
import * as z from 'zod';
import type { Clock } from '../shared/clock.ts';
import { defineDeadlineKind, type TimerHandler } from '../shared/deadlines/kinds.ts';
import type { Store } from '../shared/store/client.ts';
import { keys } from '../shared/store/keys.ts';
import { METRIC, type Telemetry } from '../shared/telemetry.ts';
import { ATTEMPT_LEASE_MS, afterAttempt, MAX_ATTEMPTS, REQUEST_TIMEOUT_MS } from './backoff.ts';
import {
  type DeliveryAttempt,
  type WebhookDelivery,
  type WebhookSubscriptionRecord,
  webhookUrlProblem,
} from './model.ts';
import {
  type Claim,
  claimAttempt,
  DELIVERY_TIMER_KIND,
  getSubscription,
  giveUpDelivery,
  recordAttempt,
} from './repository.ts';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signBody } from './signature.ts';

/** What an attempt needs; both the bus target's and the sweeper's dependencies provide it. */
export interface DeliveryDeps {
  store: Store;
  clock: Clock;
  fetch: typeof fetch;
  allowInsecureLocalhost?: boolean;
  telemetry?: Telemetry;
}

export const USER_AGENT = 'Clearwater-Webhooks/1';
const MAX_ERROR_LENGTH = 500;

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
  const key = keys.webhookDelivery(subscription.id, eventId);
  const startedAt = deps.clock.now();
  const delivery = await claimAttempt(
    deps.store,
    key,
    claim,
    new Date(startedAt.getTime() + ATTEMPT_LEASE_MS),
  );
  if (!delivery) return false;
  const result = await post(deps, subscription, delivery);
  const attempt: DeliveryAttempt = { number: delivery.attemptCount, at: startedAt.toISOString(), ...result };
  const outcome = afterAttempt(attempt.number, result.statusCode, deps.clock.now());
  await recordAttempt(deps.store, key, attempt, outcome);
  deps.telemetry?.count(METRIC.webhookDeliveries, 1, { outcome: outcome.status });
  deps.telemetry?.log('info', 'Webhook delivery attempt', {
    subscriptionId: subscription.id,
    eventId,
    attempt: attempt.number,
    statusCode: result.statusCode,
    outcome: outcome.status,
  });
  return true;
}

type PostResult = Pick<DeliveryAttempt, 'statusCode' | 'error' | 'durationMs'>;

async function post(
  deps: DeliveryDeps,
  subscription: WebhookSubscriptionRecord,
  delivery: WebhookDelivery,
): Promise<PostResult> {
  // Re-checked at send time: a URL accepted by a local runtime is never called from a deployed one.
  const refused = webhookUrlProblem(subscription.url, deps.allowInsecureLocalhost);
  if (refused) return { error: `not sent: the URL ${refused}`, durationMs: 0 };
  const started = performance.now();
  try {
    const response = await deps.fetch(subscription.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        [EVENT_ID_HEADER]: delivery.eventId,
        [SIGNATURE_HEADER]: signBody(delivery.body, subscription.secret),
      },
      body: delivery.body,
      // A redirect could carry the signed payload elsewhere: 3xx counts as a failed attempt.
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.body?.cancel().catch(() => undefined);
    return { statusCode: response.status, durationMs: elapsedSince(started) };
  } catch (error) {
    return { error: describeFailure(error), durationMs: elapsedSince(started) };
  }
}

function elapsedSince(started: number): number {
  return Math.round(performance.now() - started);
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, MAX_ERROR_LENGTH);
  if (error.name === 'TimeoutError') return `no response within ${REQUEST_TIMEOUT_MS / 1000} s`;
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code;
  const detail = typeof code === 'string' ? code : cause?.message;
  return (detail ? `${error.message}: ${detail}` : error.message).slice(0, MAX_ERROR_LENGTH);
}

/** The part of a due timer item this handler reads. */
const DueDelivery = z.object({
  subscriptionId: z.string().min(1),
  eventId: z.string().min(1),
  attemptCount: z.number().int().nonnegative(),
  timerAt: z.string().min(1),
});

/**
 * The sweeper's handler for a due `WebhookDelivery` timer: makes the next attempt. Returns 1 when it
 * made one, 0 when another worker claimed it first or the delivery was given up instead.
 */
export const retryWebhookDelivery: TimerHandler = async (item, deps) => {
  const due = DueDelivery.parse(item);
  const claim: Claim = { attemptCount: due.attemptCount, timerAt: due.timerAt };
  const key = keys.webhookDelivery(due.subscriptionId, due.eventId);
  const subscription = await getSubscription(deps.store, due.subscriptionId);
  if (!subscription) {
    await giveUpDelivery(deps.store, key, claim, 'the subscription was deleted');
    return 0;
  }
  if (due.attemptCount >= MAX_ATTEMPTS) {
    // Only when the worker holding the last attempt died before recording it.
    await giveUpDelivery(deps.store, key, claim, `all ${MAX_ATTEMPTS} attempts were used`);
    return 0;
  }
  return (await attemptDelivery(deps, subscription, due.eventId, claim)) ? 1 : 0;
};

/** Webhook retries ride on the deadline mechanism: a pending delivery's timer is its next attempt. */
export const webhookRetryDeadline = defineDeadlineKind({
  name: DELIVERY_TIMER_KIND,
  description: 'The next attempt of a webhook delivery (30 s, 2 min, 10 min, 1 h, 6 h, 24 h after failures).',
  fire: retryWebhookDelivery,
});
