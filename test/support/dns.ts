/**
 * DNS and HTTP for webhook tests, so no test depends on the internet: a resolver answering from a table
 * (and counting its lookups), and senders that answer without any network.
 */
import type {
  HostResolver,
  PinnedRequest,
  PinnedSender,
  ResolvedAddress,
} from '../../services/shared/outbound.ts';

/** Stands for "some public address" in tests that never connect to it (their sender is injected). */
export const PUBLIC_TEST_ADDRESS = '93.184.215.14';

export interface FakeDns extends HostResolver {
  /** Every name looked up, in order. */
  lookups: string[];
}

/**
 * Names resolve to the table's addresses (a function: a different answer per lookup, for DNS
 * rebinding); names not in it to `fallback`, or ENOTFOUND when there is none.
 */
export function fakeDns(
  table: Record<string, string[] | ((lookup: number) => string[])> = {},
  fallback: string[] | null = [PUBLIC_TEST_ADDRESS],
): FakeDns {
  const lookups: string[] = [];
  const counts = new Map<string, number>();
  const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
    lookups.push(hostname);
    const n = (counts.get(hostname) ?? 0) + 1;
    counts.set(hostname, n);
    const entry = table[hostname.toLowerCase().replace(/\.$/, '')];
    const addresses = typeof entry === 'function' ? entry(n) : (entry ?? fallback);
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map(
      (address) => ({ address, family: address.includes(':') ? 6 : 4 }) as ResolvedAddress,
    );
  };
  return Object.assign(resolve, { lookups });
}

/** A sender that answers every request with `status(request)` and records what it was asked to send. */
export function answeringSender(status: (request: PinnedRequest) => number = () => 200) {
  const sent: PinnedRequest[] = [];
  const send: PinnedSender = async (request) => {
    sent.push(request);
    return { statusCode: status(request) };
  };
  return Object.assign(send, { sent });
}
