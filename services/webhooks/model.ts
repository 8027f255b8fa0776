/**
 * The webhooks context's data: the subscription input (validated here, with the URL's shape and the
 * EventBridge pattern check; where the URL leads is checked by the command, with DNS) and the stored
 * shapes of subscriptions and deliveries.
 */
import * as z from 'zod';
import { validateEventPattern } from '../events/pattern.ts';
import type { AttemptErrorCategory } from './attempt-errors.ts';
import { parseWebhookUrl } from './url-policy.ts';

export { MAX_URL_LENGTH, webhookUrlProblem } from './url-policy.ts';

/** Our own bound: patterns are short, and every event is matched against every one of them. */
export const MAX_PATTERN_LENGTH = 4096;

/** A JSON string holding an EventBridge pattern; parsed, checked, and kept in compact form. */
const EventPatternJson = z
  .string()
  .max(MAX_PATTERN_LENGTH)
  .transform((text, ctx) => {
    let pattern: unknown;
    try {
      pattern = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON string holding an EventBridge event pattern' });
      return z.NEVER;
    }
    const problems = validateEventPattern(pattern);
    for (const message of problems) ctx.addIssue({ code: 'custom', message });
    return problems.length > 0 ? z.NEVER : JSON.stringify(pattern);
  });

export function createWebhookSubscriptionInput(options: { allowInsecureLocalhost?: boolean } = {}) {
  return z.object({
    url: z
      .string()
      .trim()
      .superRefine((url, ctx) => {
        const parsed = parseWebhookUrl(url, options.allowInsecureLocalhost);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.problem });
      }),
    eventPattern: EventPatternJson,
    description: z.string().trim().max(500).optional(),
  });
}
export type CreateWebhookSubscriptionInput = z.output<ReturnType<typeof createWebhookSubscriptionInput>>;

/** A subscription as clients see it: never with its secret. */
export interface WebhookSubscription {
  id: string;
  url: string;
  /** The EventBridge pattern, as compact JSON. */
  eventPattern: string;
  description?: string;
  createdAt: string;
  /** The actor id of the creator: an integrator manages only its own subscriptions. */
  createdBy: string;
  /** The creator's unit, if its token named one: told when the subscription is disabled. */
  createdByUnitId?: string;
  version: number;
  updatedAt?: string;
  /** DISABLED: events are recorded as SKIPPED deliveries and nothing is sent until it is enabled. */
  status: SubscriptionStatus;
  disabledAt?: string;
  disabledReason?: DisableReason;
  /** Deliveries in a row that FAILED; any 2xx answer resets it. */
  consecutiveFailedDeliveries: number;
  /** Since when no attempt has been answered with a 2xx (absent while the endpoint answers). */
  failingSince?: string;
}

export const SUBSCRIPTION_STATUSES = ['ACTIVE', 'DISABLED'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** Why a subscription was disabled: too many FAILED deliveries in a row, or no 2xx for too long. */
export const DISABLE_REASONS = ['FAILED_DELIVERIES', 'FAILING_TOO_LONG'] as const;
export type DisableReason = (typeof DISABLE_REASONS)[number];

/** The stored form, with the signing secret. */
export interface WebhookSubscriptionRecord extends WebhookSubscription {
  secret: string;
}

/**
 * PENDING: an attempt sequence is running. DELIVERED: a 2xx answer. FAILED: every attempt of the
 * sequence failed (or it was given up). SKIPPED: not attempted, the subscription being disabled.
 * FAILED and SKIPPED deliveries can be redelivered: a new attempt sequence on the same record.
 */
export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED', 'SKIPPED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryAttempt {
  /** 1-based. */
  number: number;
  at: string;
  /** The HTTP status, when a response arrived. */
  statusCode?: number;
  /** What went wrong (HTTP_STATUS when the answer was not 2xx); absent on success. */
  errorCategory?: AttemptErrorCategory;
  /** Our own sentence for a failure without a response (never the raw connection error). */
  error?: string;
  durationMs: number;
}

/** Who started a new attempt sequence of a FAILED or SKIPPED delivery, and when. */
export interface Redelivery {
  at: string;
  /** The actor id. */
  by: string;
  /** The attempts made before it (the new sequence's first attempt is `afterAttempt + 1`). */
  afterAttempt: number;
}

export interface WebhookDelivery {
  subscriptionId: string;
  eventId: string;
  source: string;
  detailType: string;
  /** The exact JSON string POSTed (and signed). */
  body: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  /** Attempts claimed so far, over every sequence; can exceed `attempts.length` if a worker died mid-attempt. */
  attemptCount: number;
  /** Attempts made before the current sequence (0 until a redelivery); the backoff counts from here. */
  sequenceStart?: number;
  redeliveries?: Redelivery[];
  /** The subscription's creator: whose failed deliveries these are. */
  ownerId?: string;
  createdAt: string;
  deliveredAt?: string;
  /** When it became FAILED or SKIPPED. */
  failedAt?: string;
  /** Why a delivery was given up without exhausting its attempts (e.g. the subscription was deleted). */
  failureReason?: string;
  /** While PENDING: when the next attempt is due (from the item's timer). */
  nextAttemptAt?: string;
}

/** Deliveries one `redeliverFailedWebhookDeliveries` call starts again; call again for the rest. */
export const MAX_REDELIVERIES_PER_CALL = 100;
