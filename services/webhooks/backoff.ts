/**
 * The retry schedule of a delivery, as pure functions: the first attempt is made on dispatch, each
 * failure waits longer before the next, and after the last attempt the delivery has FAILED.
 */
import { HOUR_MS, MINUTE_MS } from '../shared/clock.ts';

/** The wait after failed attempt 1, 2, …: 30 s, 2 min, 10 min, 1 h, 6 h, 24 h. */
export const RETRY_DELAYS_MS: readonly number[] = [
  30_000,
  2 * MINUTE_MS,
  10 * MINUTE_MS,
  HOUR_MS,
  6 * HOUR_MS,
  24 * HOUR_MS,
];

/** The first attempt plus one retry per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/**
 * How long an attempt holds its claim; longer than any request timeout (`webhooks.requestTimeoutSeconds`,
 * at most 30 s) plus the DNS lookup (at most 5 s), so a live attempt keeps it.
 */
export const ATTEMPT_LEASE_MS = 60_000;

export type AttemptOutcome =
  | { status: 'DELIVERED' }
  | { status: 'PENDING'; nextAttemptAt: Date }
  | { status: 'FAILED' };

/** Whether an HTTP status counts as delivered: any 2xx. Redirects are not followed, so 3xx fails. */
export function isDelivered(statusCode: number | undefined): boolean {
  return statusCode !== undefined && statusCode >= 200 && statusCode < 300;
}

/** What follows attempt `number` (1-based) that ended with `statusCode` (undefined: no response). */
export function afterAttempt(number: number, statusCode: number | undefined, now: Date): AttemptOutcome {
  if (isDelivered(statusCode)) return { status: 'DELIVERED' };
  const delay = RETRY_DELAYS_MS[number - 1];
  if (delay === undefined || number >= MAX_ATTEMPTS) return { status: 'FAILED' };
  return { status: 'PENDING', nextAttemptAt: new Date(now.getTime() + delay) };
}
