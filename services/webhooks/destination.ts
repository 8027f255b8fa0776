/**
 * Where a webhook may go, decided once per send (and at creation): the URL's shape, then every address
 * its host resolves to, each checked against the address policy. The request is then made to the
 * address that was checked — never resolved again at connect time, so a DNS answer that changes between
 * check and connect (DNS rebinding) cannot lead inside the network.
 */
import { lookup } from 'node:dns/promises';
import type { HostResolver, ResolvedAddress } from '../shared/outbound.ts';
import type { Settings } from '../shared/settings.ts';
import { type AddressPolicy, addressRefusal } from './address-policy.ts';
import { webhooksSettings } from './settings.ts';
import { parseWebhookUrl } from './url-policy.ts';

export interface DestinationDeps {
  settings?: Settings;
  resolveHost?: HostResolver;
  allowInsecureLocalhost?: boolean;
}

export interface Destination {
  ok: true;
  url: URL;
  hostname: string;
  /** The checked address the request must be sent to. */
  address: ResolvedAddress;
}

export type RefusalCategory = 'URL_NOT_ALLOWED' | 'ADDRESS_NOT_ALLOWED' | 'DNS';

export interface Refusal {
  ok: false;
  category: RefusalCategory;
  /** A phrase about the URL, in our own words (never a resolver's message): "must use https". */
  problem: string;
}

/** How long a lookup may take before the destination counts as unresolvable. */
const LOOKUP_TIMEOUT_MS = 5_000;

/** Every address of the host, as the system resolver answers (`/etc/hosts` and DNS). */
export const systemResolver: HostResolver = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

export function addressPolicyOf(deps: DestinationDeps): AddressPolicy {
  return {
    allowedCidrs: webhooksSettings(deps).allowedCidrs,
    allowLoopback: deps.allowInsecureLocalhost === true,
  };
}

/** Checks the URL and the addresses its host resolves to; the address to send to, or why not. */
export async function resolveDestination(deps: DestinationDeps, raw: string): Promise<Destination | Refusal> {
  const parsed = parseWebhookUrl(raw, deps.allowInsecureLocalhost);
  if (!parsed.ok) return { ok: false, category: 'URL_NOT_ALLOWED', problem: parsed.problem };
  const { url, hostname, literal } = parsed.value;
  const policy = addressPolicyOf(deps);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: hostname, family: hostname.includes(':') ? 6 : 4 }];
  } else {
    try {
      addresses = await withTimeout((deps.resolveHost ?? systemResolver)(hostname), LOOKUP_TIMEOUT_MS);
    } catch {
      return { ok: false, category: 'DNS', problem: 'has a host name that does not resolve' };
    }
    if (addresses.length === 0) {
      return { ok: false, category: 'DNS', problem: 'has a host name that does not resolve' };
    }
  }
  // Every address, not only the first: a resolver may answer a public and a private one together.
  for (const { address } of addresses) {
    const refused = addressRefusal(address, policy);
    if (refused) {
      const what = literal ? 'is' : 'resolves to';
      return {
        ok: false,
        category: 'ADDRESS_NOT_ALLOWED',
        problem: `${what} a non-public address (${refused})`,
      };
    }
  }
  return { ok: true, url, hostname, address: addresses[0] as ResolvedAddress };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('lookup timed out')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
