/**
 * The seams of code that calls out over HTTP (webhooks): resolving a host name, and sending a request to
 * the one address that was checked. Production uses DNS and node:http(s); tests inject their own, so no
 * test depends on the internet.
 */

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a host name resolves to (`dns.lookup` with `all`), in the resolver's order. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** A request to send to `address` — never to whatever the URL's host resolves to at connect time. */
export interface PinnedRequest {
  url: URL;
  address: ResolvedAddress;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** Sends a POST and resolves with the response's status; rejects with the connection's error. */
export type PinnedSender = (request: PinnedRequest) => Promise<{ statusCode: number }>;
