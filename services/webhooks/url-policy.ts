/**
 * The shape a webhook URL must have, as a pure function: absolute, https, no user info, a host. The local
 * runtime (`allowInsecureLocalhost`) also accepts plain http to localhost and 127.0.0.1. Where the host
 * may lead is the address policy's business (`address-policy.ts`, `destination.ts`).
 */
import { isIP } from 'node:net';

export const MAX_URL_LENGTH = 2048;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

export interface WebhookUrl {
  url: URL;
  /** The host without IPv6 brackets: what DNS resolves, SNI names and the certificate must match. */
  hostname: string;
  /** The host is an IP address literal: nothing to resolve. */
  literal: boolean;
}

/** The parsed URL, or why it may not receive webhooks (a phrase: "must use https"). */
export function parseWebhookUrl(
  raw: string,
  allowInsecureLocalhost = false,
): { ok: true; value: WebhookUrl } | { ok: false; problem: string } {
  const refuse = (problem: string) => ({ ok: false as const, problem });
  if (raw.length > MAX_URL_LENGTH) return refuse(`must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('must be an absolute URL');
  }
  // Also `https://user@host/`: user info is how a URL smuggles a second host past careless parsers.
  if (url.username || url.password || /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(raw)) {
    return refuse('must not contain credentials');
  }
  const secure = url.protocol === 'https:';
  const localHttp = allowInsecureLocalhost && url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
  if (!secure && !localHttp) {
    return refuse(
      allowInsecureLocalhost ? 'must use https (or http://localhost, http://127.0.0.1)' : 'must use https',
    );
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!hostname) return refuse('must name a host');
  return { ok: true, value: { url, hostname, literal: isIP(hostname) !== 0 } };
}

/** Why the URL's shape is refused, or undefined (where it leads is checked apart, with DNS). */
export function webhookUrlProblem(raw: string, allowInsecureLocalhost = false): string | undefined {
  const parsed = parseWebhookUrl(raw, allowInsecureLocalhost);
  return parsed.ok ? undefined : parsed.problem;
}
