/**
 * Webhook signing. The receiver recomputes `sha256=<hex HMAC-SHA256(raw body)>` with its secret (the
 * whole `whsec_…` string, as UTF-8) and compares it to the `x-clearwater-signature` header.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-clearwater-signature';
export const EVENT_ID_HEADER = 'x-clearwater-event-id';
const SECRET_PREFIX = 'whsec_';

/** 32 random bytes, base64url, prefixed so a leaked secret is recognisable in logs and scanners. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** What a receiver does: constant-time comparison of the header with the expected signature. */
export function verifySignature(body: string, secret: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
