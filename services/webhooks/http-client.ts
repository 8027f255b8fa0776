/**
 * The HTTP client of webhook deliveries: a POST over node:http(s) to the address that was checked. The
 * socket connects to that IP; the Host header carries the URL's host, and TLS names the host in SNI and
 * checks the certificate against it — as if the host had been resolved, without resolving it again.
 * Redirects are not followed (a 3xx is the answer), and the response body is never read.
 */
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { PinnedSender } from '../shared/outbound.ts';

export class RequestTimeoutError extends Error {
  override name = 'TimeoutError';
}

export const sendPinned: PinnedSender = ({ url, address, headers, body, timeoutMs }) =>
  new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const options: RequestOptions & { servername?: string } = {
      host: address.address,
      family: address.family,
      port: url.port ? Number(url.port) : secure ? 443 : 80,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)) },
      // One connection per attempt: a pooled socket would be keyed by the IP, not by the check.
      agent: false,
      // SNI and the certificate check name the host, not the IP (an IP literal host has no SNI).
      ...(secure && isIP(hostname) === 0 ? { servername: hostname } : {}),
    };
    const req = (secure ? httpsRequest : httpRequest)(options);
    const timer = setTimeout(
      () => req.destroy(new RequestTimeoutError(`no response within ${timeoutMs} ms`)),
      timeoutMs,
    );
    req.on('response', (response) => {
      clearTimeout(timer);
      resolve({ statusCode: response.statusCode ?? 0 });
      response.destroy();
      req.destroy();
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
