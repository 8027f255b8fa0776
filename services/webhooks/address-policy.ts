/**
 * Which network addresses a webhook may be sent to, as pure functions over `ipaddr.js`: public unicast
 * only. Loopback, private, link-local, CGNAT, multicast, broadcast, reserved, documentation,
 * unique-local and every IPv6 form that carries an IPv4 address (mapped, compatible, NAT64, 6to4) are
 * refused, the last judged by the IPv4 address they carry. The operator may allow CIDR ranges (a
 * district's own systems on a private government network); the local runtime may allow loopback.
 */
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** A parsed allowed range. */
export type Cidr = [Address, number];

export interface AddressPolicy {
  /** Ranges the operator allows although they are not public (settings `webhooks.allowedCidrs`). */
  allowedCidrs: readonly Cidr[];
  /** Local runtime only: 127.0.0.0/8 and ::1. */
  allowLoopback: boolean;
}

export const DEFAULT_ADDRESS_POLICY: AddressPolicy = { allowedCidrs: [], allowLoopback: false };

/** Never a destination, whatever the operator allows: not addresses of one host. */
const NEVER = new Set(['unspecified', 'broadcast', 'multicast']);

/** Every IPv6 address outside 2000::/3 is unassigned or special-purpose (RFC 4291, IANA registry). */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
/** IPv4-compatible IPv6 (::a.b.c.d, deprecated by RFC 4291): never a legitimate destination. */
const COMPATIBLE_V6 = ipaddr.parseCIDR('::/96');

/**
 * Why the address may not receive webhooks (the name of its range, e.g. `private`, `loopback`,
 * `ipv4Mapped(private)`), or undefined when it may. Anything that is not an IP address is refused.
 */
export function addressRefusal(
  address: string,
  policy: AddressPolicy = DEFAULT_ADDRESS_POLICY,
): string | undefined {
  if (isIP(address) === 0) return 'not an IP address';
  const parsed = ipaddr.parse(address);
  const { label, range } = classify(parsed);
  if (range === 'unicast') return undefined;
  if (NEVER.has(range)) return label;
  if (policy.allowLoopback && range === 'loopback') return undefined;
  if (inAllowed(parsed, policy.allowedCidrs)) return undefined;
  return label;
}

/**
 * The range an address lies in (`unicast` for a public one) and a label for people: an IPv6 form that
 * carries an IPv4 address is judged by the IPv4 address's range and labelled with both.
 */
function classify(address: Address): { label: string; range: string } {
  if (address.kind() === 'ipv4') {
    const range = address.range();
    return { label: range, range };
  }
  const v6 = address as ipaddr.IPv6;
  const outer = v6.range();
  const carried = carriedIPv4(v6, outer);
  if (carried) {
    const range = carried.range();
    return { label: `${outer}(${range})`, range };
  }
  let range: string = outer;
  if (outer === 'unicast' && v6.match(COMPATIBLE_V6)) range = 'ipv4Compatible';
  else if (outer === 'unicast' && !v6.match(GLOBAL_UNICAST_V6)) range = 'reserved';
  return { label: range, range };
}

/** The IPv4 address an IPv6 form carries (mapped, SIIT, NAT64 well-known prefix, 6to4), if any. */
function carriedIPv4(address: ipaddr.IPv6, range: string): ipaddr.IPv4 | undefined {
  const parts = address.parts;
  const fromWords = (high: number, low: number) =>
    new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  if (range === 'ipv4Mapped' || range === 'rfc6145') return fromWords(parts[6] ?? 0, parts[7] ?? 0);
  // 64:ff9b::/96 carries the IPv4 address in its last 32 bits; the local-use 64:ff9b:1::/48 is refused.
  if (range === 'rfc6052' && parts[2] === 0) return fromWords(parts[6] ?? 0, parts[7] ?? 0);
  if (range === '6to4') return fromWords(parts[1] ?? 0, parts[2] ?? 0);
  return undefined;
}

function inAllowed(address: Address, allowed: readonly Cidr[]): boolean {
  const forms: Address[] = [address];
  // An allowed IPv4 range also allows its IPv4-mapped form (what a dual-stack resolver may answer).
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    forms.push((address as ipaddr.IPv6).toIPv4Address());
  }
  return allowed.some(([base, bits]) =>
    forms.some((form) => form.kind() === base.kind() && form.match(base, bits)),
  );
}

/** Shortest prefixes an operator may allow: an allowed range is a network, not the internet. */
export const MIN_ALLOWED_PREFIX = { ipv4: 8, ipv6: 32 } as const;

/** Parses `10.20.0.0/16` or `fd00:1::/48`; throws with a reason when it is not a CIDR range we accept. */
export function parseAllowedCidr(text: string): Cidr {
  if (!ipaddr.isValidCIDR(text) || isIP(text.split('/')[0] ?? '') === 0) {
    throw new Error('must be a CIDR range such as 10.20.0.0/16 or fd00:1::/48');
  }
  const [base, bits] = ipaddr.parseCIDR(text);
  const min = MIN_ALLOWED_PREFIX[base.kind()];
  if (bits < min) throw new Error(`must be at least a /${min} (${base.kind()})`);
  return [base, bits];
}
