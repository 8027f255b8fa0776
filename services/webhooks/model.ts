/**
 * The webhooks context's data: the subscription input (validated here, with the URL rules and the
 * EventBridge pattern check) and the stored shapes of subscriptions and deliveries.
 */
import * as z from 'zod';
import { validateEventPattern } from '../events/pattern.ts';

export const MAX_URL_LENGTH = 2048;
/** Our own bound: patterns are short, and every event is matched against every one of them. */
export const MAX_PATTERN_LENGTH = 4096;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * Why a URL may not receive webhooks, or undefined when it may. Only https, except that the local
 * runtime (`allowInsecureLocalhost`) also allows plain http to localhost and 127.0.0.1.
 */
export function webhookUrlProblem(raw: string, allowInsecureLocalhost = false): string | undefined {
  if (raw.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not contain credentials';
  if (url.protocol === 'https:') return undefined;
  if (allowInsecureLocalhost && url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)) return undefined;
  return allowInsecureLocalhost ? 'must use https (or http://localhost, http://127.0.0.1)' : 'must use https';
}

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
        const problem = webhookUrlProblem(url, options.allowInsecureLocalhost);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
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
  version: number;
}

/** The stored form, with the signing secret. */
export interface WebhookSubscriptionRecord extends WebhookSubscription {
  secret: string;
}

export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryAttempt {
  /** 1-based. */
  number: number;
  at: string;
  /** The HTTP status, when a response arrived. */
  statusCode?: number;
  /** Why the attempt failed without a response (network error, timeout), or a refused URL. */
  error?: string;
  durationMs: number;
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
  /** Attempts claimed so far; can exceed `attempts.length` if a worker died mid-attempt. */
  attemptCount: number;
  createdAt: string;
  deliveredAt?: string;
  /** Why a delivery was given up without exhausting its attempts (e.g. the subscription was deleted). */
  failureReason?: string;
  /** While PENDING: when the next attempt is due (from the item's timer). */
  nextAttemptAt?: string;
}
